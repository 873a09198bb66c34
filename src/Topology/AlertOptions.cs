namespace Pulse.Topology;

/// <summary>Trend-alert rules and their timings (issue 5 defaults).</summary>
public sealed class AlertOptions
{
}
