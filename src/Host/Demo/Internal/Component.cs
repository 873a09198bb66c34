using Confluent.SchemaRegistry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Pulse.Host.Demo.Internal;

/// <summary>
/// One part of the demo (the broker, a replica, the sink, the simulator) in a generic host of its own,
/// composed by the same extension method its command uses (<c>AddPulseReplica</c>, <c>AddPulseSink</c>, …),
/// so each keeps its own lifetime: a part that stops by itself (the simulator at the end of its file,
/// a replica that fails) stops only its host, which <see cref="StoppedByItself"/> reports. The demo's
/// configuration flows in, under the overrides the demo decides (bootstrap servers, state directory,
/// connection string). Logs go through the demo's <see cref="ILoggerFactory"/>; the schema registry
/// client is shared; Ctrl+C is the demo's to handle, not each part's.
/// </summary>
internal sealed class Component : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly Func<IServiceProvider, Exception?> _fault;
    private bool _stopRequested;
    private bool _disposed;

    private Component(string name, IHost host, Func<IServiceProvider, Exception?> fault)
    {
        Name = name;
        _host = host;
        _fault = fault;
        _lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
    }

    /// <summary>What the demo calls it in its output: <c>replica-1</c>, <c>sink</c>, ….</summary>
    public string Name { get; }

    public IServiceProvider Services => _host.Services;

    /// <summary>Whether the part stopped its own host (finished, or failed) rather than being stopped by the demo.</summary>
    public bool StoppedByItself => _lifetime.ApplicationStopping.IsCancellationRequested && !_stopRequested;

    /// <summary>What stopped the part by itself, as its service reports it (the same as its command's exit code), or null.</summary>
    public Exception? Fault => _fault(_host.Services);

    /// <summary>Cancelled when the part's host begins to stop, for whatever reason.</summary>
    public CancellationToken Stopping => _lifetime.ApplicationStopping;

    /// <summary>
    /// Builds the part's host: <paramref name="compose"/> adds its services to configuration <paramref name="defaults"/> +
    /// <paramref name="parent"/> + <paramref name="overrides"/>; <paramref name="fault"/> reads what stopped it.
    /// </summary>
    public static Component Create(string name, IReadOnlyDictionary<string, string?> defaults, IConfiguration parent, IReadOnlyDictionary<string, string?> overrides,
        ILoggerFactory loggers,
        ISchemaRegistryClient registry, Action<IServiceCollection, IConfiguration> compose, Func<IServiceProvider, Exception?> fault)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ApplicationName = "pulse-demo-" + name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(defaults);
        builder.Configuration.AddConfiguration(parent);
        builder.Configuration.AddInMemoryCollection(overrides);
        builder.Services.AddSingleton(loggers);
        builder.Services.AddSingleton<IHostLifetime, DemoPartLifetime>();
        builder.Services.AddSingleton(registry);
        compose(builder.Services, builder.Configuration);
        return new Component(name, builder.Build(), fault);
    }

    public Task StartAsync(CancellationToken cancellationToken) => _host.StartAsync(cancellationToken);

    /// <summary>Stops the part cleanly (its services' own stop: flush, commit, leave the group).</summary>
    public async Task StopAsync()
    {
        _stopRequested |= !_lifetime.ApplicationStopping.IsCancellationRequested;
        await _host.StopAsync(CancellationToken.None).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        if (_host is IAsyncDisposable asyncDisposable) await asyncDisposable.DisposeAsync().ConfigureAwait(false);
        else _host.Dispose();
    }

    /// <summary>A part's host lifetime with no signal handling: the demo's own host handles Ctrl+C and SIGTERM, and stops the parts in order.</summary>
    private sealed class DemoPartLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
