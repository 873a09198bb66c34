using Pulse.Host.Commands;

namespace Pulse.Host.Observability;

/// <summary>The flags of logs and telemetry that every long-running command offers (add them to the command's flag list).</summary>
internal static class ObservabilityFlags
{
    /// <summary><c>--log-format</c> and <c>--otlp-endpoint</c>.</summary>
    public static IReadOnlyList<SettingFlag> Telemetry() =>
    [
        SettingFlag.For<string>("--log-format", "Telemetry:LogFormat", "Console logs (stderr): simple (default) or json, one object per line"),
        SettingFlag.For<string>("--otlp-endpoint", "Telemetry:OtlpEndpoint",
            "OTLP collector for metrics, traces and logs, e.g. http://localhost:4317 (default: OTEL_EXPORTER_OTLP_ENDPOINT, else none)"),
    ];

    /// <summary><see cref="Telemetry"/>, and <c>--http</c> with the command's default port.</summary>
    public static IReadOnlyList<SettingFlag> WithHttp(int defaultPort) =>
    [
        SettingFlag.For<string>("--http", "Http:Address",
            $"Listen for /healthz, /readyz and /metrics on http://HOST:PORT, or 'none' (default http://127.0.0.1:{defaultPort}; a free port if taken)"),
        .. Telemetry(),
    ];
}
