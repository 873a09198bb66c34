using Microsoft.Extensions.Logging.Console;
using OpenTelemetry.Exporter;

namespace Pulse.Host.Observability;

/// <summary>The meters every command exports, and the parsing of <see cref="TelemetryOptions"/>' words.</summary>
internal static class Telemetry
{
    /// <summary>
    /// The meters exported: the engine's, the sink's, the simulator's, and the runtime's own
    /// (<c>System.Runtime</c>: GC, thread pool, and the process's CPU time and working set).
    /// </summary>
    public static readonly string[] Meters = ["Pulse.Streams", "Pulse.Sink", "Pulse.Simulator", "Pulse.Archive", "System.Runtime"];

    /// <summary>The console formatter's name for <paramref name="format"/>, or null when it is neither simple nor json.</summary>
    public static string? ParseLogFormat(string? format) => format?.Trim().ToLowerInvariant() switch
    {
        "simple" or "" or null => ConsoleFormatterNames.Simple,
        "json" => ConsoleFormatterNames.Json,
        _ => null,
    };

    public static OtlpExportProtocol? ParseProtocol(string? protocol) => protocol?.Trim().ToLowerInvariant() switch
    {
        "grpc" or "" or null => OtlpExportProtocol.Grpc,
        "http/protobuf" or "http" => OtlpExportProtocol.HttpProtobuf,
        _ => null,
    };
}
