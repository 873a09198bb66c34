using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Pulse.Host.Dashboard;

namespace Pulse.Host.Tests.TestSupport;

/// <summary>A <c>pulse dashboard</c> in the test process, composed as the command composes it, on a free loopback port.</summary>
internal sealed class InProcessDashboard : IDisposable
{
    private readonly IHost _host;

    public InProcessDashboard(IDictionary<string, string?> settings)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Dashboard:Urls"] = "http://127.0.0.1:0" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddPulseDashboard(builder.Configuration);
        _host = builder.Build();
        _host.Start();
        Address = _host.Services.GetRequiredService<DashboardServer>().Address!;
        Feed = _host.Services.GetRequiredService<WardFeed>();
        Seed = _host.Services.GetRequiredService<WardSeed>();
        Ward = _host.Services.GetRequiredService<WardModel>();
    }

    /// <summary>Where it listens, <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri Address { get; }

    public WardFeed Feed { get; }

    public WardSeed Seed { get; }

    public WardModel Ward { get; }

    public void Dispose()
    {
        _host.StopAsync(TimeSpan.FromSeconds(20)).GetAwaiter().GetResult();
        _host.Dispose();
    }
}
