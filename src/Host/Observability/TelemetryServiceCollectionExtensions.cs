using System.Collections;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Pulse.Streams;

namespace Pulse.Host.Observability;

/// <summary>Composes logs, metrics, traces and the health endpoints into a command's host.</summary>
public static class TelemetryServiceCollectionExtensions
{
    /// <summary>
    /// Adds OpenTelemetry for a process named <paramref name="serviceName"/> (e.g. <c>pulse-sink</c>):
    /// metrics of the meters <c>Pulse.Streams</c>, <c>Pulse.Sink</c>, <c>Pulse.Simulator</c> and the
    /// runtime's; OTLP export of metrics, traces (<see cref="HostTracing"/>, and <c>Pulse.Streams</c>)
    /// and logs when <see cref="TelemetryOptions.OtlpEndpoint"/> or <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is
    /// set (the other <c>OTEL_*</c> variables apply as the specification says); and the console log
    /// format (<see cref="TelemetryOptions.LogFormat"/>). Settings are validated when the host starts.
    /// A second call (a process composing several components) changes nothing: the first name stays.
    /// </summary>
    public static IServiceCollection AddPulseTelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceName);
        if (services.Any(d => d.ServiceType == typeof(TelemetryAdded))) return services;
        services.AddSingleton<TelemetryAdded>();
        services.AddOptions<TelemetryOptions>()
            .Bind(configuration.GetSection(TelemetryOptions.Section), o => o.ErrorOnUnknownConfiguration = true)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TelemetryOptions>, TelemetryOptionsValidator>());

        // Read now, not through the validated options: logging is set up before the host validates anything.
        // A bad value falls back to the default here and fails validation at start.
        var settings = configuration.GetSection(TelemetryOptions.Section);
        if (Telemetry.ParseLogFormat(settings[nameof(TelemetryOptions.LogFormat)]) == ConsoleFormatterNames.Json)
        {
            services.PostConfigure<ConsoleLoggerOptions>(o => o.FormatterName = ConsoleFormatterNames.Json);
            services.Configure<JsonConsoleFormatterOptions>(o =>
            {
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                o.UseUtcTimestamp = true;
                o.IncludeScopes = true;
                // Logs are read in terminals and by log shippers, not embedded in HTML: keep "->" and quotes as they are.
                o.JsonWriterOptions = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
            });
        }

        ExposeOtelEnvironment(configuration);
        var otel = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName))
            .WithMetrics(m => m.AddMeter(Telemetry.Meters));
        var endpoint = settings[nameof(TelemetryOptions.OtlpEndpoint)];
        if (!string.IsNullOrWhiteSpace(endpoint) && TelemetryOptionsValidator.IsHttpUrl(endpoint))
        {
            var protocol = Telemetry.ParseProtocol(settings[nameof(TelemetryOptions.OtlpProtocol)]) ?? OpenTelemetry.Exporter.OtlpExportProtocol.Grpc;
            otel.WithTracing(t => t.AddSource(HostTracing.SourceName, StreamsTracing.SourceName)).UseOtlpExporter(protocol, new Uri(endpoint.Trim()));
        }
        else if (!string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            otel.WithTracing(t => t.AddSource(HostTracing.SourceName, StreamsTracing.SourceName)).UseOtlpExporter();
        }
        return services;
    }

    /// <summary>
    /// Adds the HTTP listener of <c>/healthz</c> (the process is alive), <c>/readyz</c> (every
    /// <see cref="IReadinessProbe"/> says ready) and <c>/metrics</c> (Prometheus text) at
    /// <see cref="HttpEndpointOptions.Address"/>, by default <c>http://127.0.0.1:</c><paramref name="defaultPort"/>.
    /// Call <see cref="AddPulseTelemetry"/> too, for the metrics. Register probes with
    /// <c>services.AddSingleton&lt;IReadinessProbe, MyProbe&gt;()</c>.
    /// </summary>
    public static IServiceCollection AddPulseHttpEndpoint(this IServiceCollection services, IConfiguration configuration, int defaultPort)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentOutOfRangeException.ThrowIfNegative(defaultPort);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(defaultPort, 65_535);
        services.AddOptions<HttpEndpointOptions>()
            .Bind(configuration.GetSection(HttpEndpointOptions.Section), o => o.ErrorOnUnknownConfiguration = true)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HttpEndpointOptions>, HttpEndpointOptionsValidator>());
        if (services.Any(d => d.ServiceType == typeof(HttpEndpoint))) return services; // one listener per process: the first default port stays
        services.ConfigureOpenTelemetryMeterProvider(m => m.AddPrometheusExporter());
        services.AddSingleton(sp => new HttpEndpoint(sp, defaultPort));
        services.AddHostedService(sp => sp.GetRequiredService<HttpEndpoint>());
        return services;
    }

    /// <summary>Marks a service collection <see cref="AddPulseTelemetry"/> has composed (OTLP export can be set up once only).</summary>
    private sealed class TelemetryAdded;

    /// <summary>
    /// The command host reads only <c>PULSE__</c> variables; OpenTelemetry reads its standard
    /// <c>OTEL_*</c> variables from configuration, so those (and only those) are added to it.
    /// </summary>
    private static void ExposeOtelEnvironment(IConfiguration configuration)
    {
        if (configuration is not IConfigurationBuilder builder) return;
        var otel = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .Where(e => e.Key is string key && key.StartsWith("OTEL_", StringComparison.Ordinal) && configuration[key] is null)
            .Select(e => KeyValuePair.Create((string)e.Key, (string?)e.Value))
            .ToList();
        if (otel.Count > 0) builder.AddInMemoryCollection(otel);
    }
}
