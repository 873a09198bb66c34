using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using OpenTelemetry.Trace;
using Pulse.Host.Observability;

namespace Pulse.Host.Tests.Observability;

/// <summary>What <see cref="TelemetryServiceCollectionExtensions.AddPulseTelemetry"/> turns on, by setting.</summary>
public sealed class TelemetryTests
{
    [Fact]
    public async Task OtlpEndpointSetting_ExportsTheHostsTraces()
    {
        using var collector = new FakeCollector();
        var host = Build(new()
        {
            ["Telemetry:OtlpEndpoint"] = collector.Address,
            ["Telemetry:OtlpProtocol"] = "http/protobuf",
        });
        await host.StartAsync();
        using (HostTracing.Source.StartActivity("test.work"))
        {
            // One unit of work, traced.
        }
        await host.StopAsync();
        host.Dispose(); // flushes the exporters

        Assert.Contains("/v1/traces", collector.Paths);
    }

    [Fact]
    public void AddedTwice_AsAProcessOfSeveralComponentsWould_ComposesOnce()
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Telemetry:OtlpEndpoint"] = "http://127.0.0.1:1" });
        builder.Services.AddPulseTelemetry(builder.Configuration, "pulse-run");
        builder.Services.AddPulseTelemetry(builder.Configuration, "pulse-sink");

        using var host = builder.Build();

        Assert.NotNull(host.Services.GetService<TracerProvider>());
    }

    [Fact]
    public void WithoutAnOtlpEndpoint_NothingIsTraced()
    {
        using var host = Build([]);

        Assert.Null(host.Services.GetService<TracerProvider>());
    }

    [Fact]
    public void LogFormatJson_WritesJsonLines()
    {
        using var host = Build(new() { ["Telemetry:LogFormat"] = "json" });

        Assert.Equal(ConsoleFormatterNames.Json, host.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName);
    }

    [Fact]
    public void BadSettings_FailValidationNamingEach()
    {
        using var host = Build(new()
        {
            ["Telemetry:LogFormat"] = "xml",
            ["Telemetry:OtlpEndpoint"] = "collector:4317",
            ["Telemetry:OtlpProtocol"] = "carrier-pigeon",
        });

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value);

        Assert.Contains(error.Failures, f => f.StartsWith("Telemetry:LogFormat ", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Telemetry:OtlpEndpoint ", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Telemetry:OtlpProtocol ", StringComparison.Ordinal));
    }

    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.AddConsole();
        builder.Services.AddPulseTelemetry(builder.Configuration, "pulse-test");
        return builder.Build();
    }

    /// <summary>An OTLP/HTTP collector that accepts anything and remembers the paths posted to.</summary>
    private sealed class FakeCollector : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly ConcurrentQueue<string> _paths = new();
        private readonly Task _serving;

        public FakeCollector()
        {
            using (var probe = new TcpListener(IPAddress.Loopback, 0))
            {
                probe.Start();
                Address = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}";
            }
            _listener.Prefixes.Add(Address + "/");
            _listener.Start();
            _serving = Task.Run(ServeAsync);
        }

        public string Address { get; }

        public IReadOnlyCollection<string> Paths => [.. _paths];

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }
                _paths.Enqueue(context.Request.Url!.AbsolutePath);
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        }

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
            _serving.Wait(TimeSpan.FromSeconds(10));
        }
    }
}
