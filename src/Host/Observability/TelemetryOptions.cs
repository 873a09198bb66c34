namespace Pulse.Host.Observability;

/// <summary>
/// Logs and OpenTelemetry export: configuration section <see cref="Section"/> (appsettings.json,
/// <c>PULSE__Telemetry__…</c>, or the flags <c>--log-format</c> and <c>--otlp-endpoint</c>). Validated at start-up.
/// </summary>
public sealed class TelemetryOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string Section = "Telemetry";

    /// <summary>Console logs on stderr: <c>simple</c> (one line per entry, the default) or <c>json</c> (one JSON object per line).</summary>
    public string LogFormat { get; set; } = "simple";

    /// <summary>
    /// Where OTLP metrics, traces and logs go, e.g. <c>http://collector:4317</c>. When empty, the standard
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> environment variable is used if set; with neither, nothing is exported over OTLP.
    /// </summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>The OTLP protocol for <see cref="OtlpEndpoint"/>: <c>grpc</c> (default) or <c>http/protobuf</c>.</summary>
    public string OtlpProtocol { get; set; } = "grpc";
}
