using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Pulse.Host.Sink;

namespace Pulse.Host.Tests.TestSupport;

/// <summary>
/// A sink running in the test process: a generic host composed as <c>pulse sink</c> composes it
/// (<see cref="SinkServiceCollectionExtensions.AddPulseSink"/>), its settings given in memory and its
/// log kept for assertions.
/// </summary>
internal sealed class InProcessSink : IDisposable
{
    private readonly IHost _host;
    private readonly ConcurrentQueue<string> _log = new();

    public InProcessSink(IDictionary<string, string?> settings)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddFilter("Npgsql", LogLevel.Warning);
        builder.Logging.AddProvider(new QueueLoggerProvider(_log));
        builder.Services.AddPulseSink(builder.Configuration);
        _host = builder.Build();
        Metrics = _host.Services.GetRequiredService<SinkMetrics>();
        Sink = _host.Services.GetRequiredService<PostgresSink>();
        _host.Start();
    }

    public SinkMetrics Metrics { get; }

    public PostgresSink Sink { get; }

    public IReadOnlyList<string> Log => [.. _log];

    public bool Logged(string fragment) => LogCount(fragment) > 0;

    public int LogCount(string fragment) => _log.Count(l => l.Contains(fragment, StringComparison.Ordinal));

    /// <summary>The log, for failure messages.</summary>
    public string Describe() => $"rows {Metrics.RowsWritten}, already present {Metrics.RowsAlreadyPresent}, retries {Metrics.Retries}, " +
                                $"fault {Sink.Fault?.Message ?? "none"}\n" + string.Join('\n', _log.TakeLast(40));

    /// <summary>Stops the sink as SIGTERM would: the batch in hand is finished or abandoned, the group left.</summary>
    public void Stop() => _host.StopAsync(TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();

    public void Dispose()
    {
        Stop();
        _host.Dispose();
    }

    private sealed class QueueLoggerProvider(ConcurrentQueue<string> log) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new QueueLogger(log);

        public void Dispose() { }
    }

    private sealed class QueueLogger(ConcurrentQueue<string> log) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            log.Enqueue($"{logLevel}: {formatter(state, exception)}{(exception is null ? "" : " " + exception.Message)}");
    }
}
