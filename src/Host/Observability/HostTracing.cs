using System.Diagnostics;

namespace Pulse.Host.Observability;

/// <summary>
/// The host's traces: one <see cref="ActivitySource"/> named <see cref="SourceName"/>, exported over
/// OTLP when it is configured (<see cref="TelemetryServiceCollectionExtensions.AddPulseTelemetry"/>).
/// Start an activity per unit of work (a sink batch, an init step): <c>using var a = HostTracing.Source.StartActivity("sink.batch");</c>
/// (null, and free, when nothing listens).
/// </summary>
public static class HostTracing
{
    /// <summary>The activity source's name: <c>Pulse.Host</c>.</summary>
    public const string SourceName = "Pulse.Host";

    /// <summary>The activity source.</summary>
    public static ActivitySource Source { get; } = new(SourceName);
}
