using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Pulse.Host.Observability;
using Pulse.Host.Tests.TestSupport;

namespace Pulse.Host.Tests.Observability;

/// <summary>The health and metrics listener, in a host composed as the commands compose theirs.</summary>
public sealed class HttpEndpointTests
{
    [Fact]
    public async Task Healthz_AnswersWhileReadyzWaitsForEveryProbe()
    {
        var probe = new SwitchProbe();
        using var host = await StartAsync(new() { ["Http:Address"] = "http://127.0.0.1:0" }, services => services.AddSingleton<IReadinessProbe>(probe));
        var address = host.Services.GetRequiredService<HttpEndpoint>().Address!;

        Assert.Equal(HttpStatusCode.OK, Http.Get(address, "/healthz").Status);
        var notReady = Http.Get(address, "/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.Status);
        Assert.Contains("switch: not ready (off)", notReady.Body, StringComparison.Ordinal);

        probe.On = true;
        var ready = Http.Get(address, "/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.Status);
        Assert.Contains("switch: ready (on)", ready.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_ServesThePulseMetersInPrometheusText()
    {
        using var host = await StartAsync(new() { ["Http:Address"] = "http://127.0.0.1:0" });
        var address = host.Services.GetRequiredService<HttpEndpoint>().Address!;
        using var meter = host.Services.GetRequiredService<IMeterFactory>().Create("Pulse.Sink");
        meter.CreateCounter<long>("pulse.sink.test.rows", "{row}").Add(42);

        var (status, body) = Http.Get(address, "/metrics");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(42, Http.Sum(body, "pulse_sink_test_rows_total"));
    }

    [Fact]
    public async Task DefaultPortTaken_ListensOnAFreePortAndSaysSo()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var log = new List<string>();

        using var host = await StartAsync([], defaultPort: port, log: log);

        var address = host.Services.GetRequiredService<HttpEndpoint>().Address!;
        Assert.NotEqual(port, address.Port);
        Assert.Equal(HttpStatusCode.OK, Http.Get(address, "/healthz").Status);
        string[] lines;
        lock (log) lines = [.. log]; // the host's threads may still be logging
        Assert.Contains(lines, l => l.Contains($"HTTP port {port} (the default) is taken", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddressTakenWhenGivenExplicitly_FailsNamingTheSetting()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(new() { ["Http:Address"] = $"http://127.0.0.1:{port}" }));

        Assert.StartsWith("Http:Address", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddressNone_ListensNowhere()
    {
        using var host = await StartAsync(new() { ["Http:Address"] = "none" });

        Assert.Null(host.Services.GetRequiredService<HttpEndpoint>().Address);
    }

    private static async Task<IHost> StartAsync(Dictionary<string, string?> settings, Action<IServiceCollection>? configure = null, int defaultPort = 0,
        List<string>? log = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        if (log is not null) builder.Logging.AddProvider(new ListLoggerProvider(log));
        builder.Services.AddPulseTelemetry(builder.Configuration, "pulse-test");
        builder.Services.AddPulseHttpEndpoint(builder.Configuration, defaultPort);
        configure?.Invoke(builder.Services);
        var host = builder.Build();
        try
        {
            await host.StartAsync();
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    private sealed class SwitchProbe : IReadinessProbe
    {
        public volatile bool On;

        public string Name => "switch";

        public ValueTask<Readiness> CheckAsync(CancellationToken cancellationToken) =>
            ValueTask.FromResult(On ? Readiness.Ready("on") : Readiness.NotReady("off"));
    }
}
