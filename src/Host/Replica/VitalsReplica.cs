using Confluent.SchemaRegistry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pulse.Host.Configuration;
using Pulse.Streams;
using Pulse.Streams.Errors;
using Pulse.Vitals;

namespace Pulse.Host.Replica;

/// <summary>
/// One replica of the vitals topology (<see cref="VitalsTopology"/>) on <see cref="KafkaStreams"/>, as
/// a hosted service. Replicas with the same application id share the partitions; when one stops
/// (cleanly, or killed) the others take its tasks over. A clean stop finishes the records in hand,
/// commits and leaves the group. <see cref="Fault"/> says why the replica stopped by itself, if it did:
/// it could not start, or the streams went to <see cref="KafkaStreamsState.Error"/>.
/// </summary>
public sealed partial class VitalsReplica : IHostedService, IAsyncDisposable
{
    private readonly ReplicaOptions _options;
    private readonly KafkaOptions _kafka;
    private readonly VitalsOptions _vitals;
    private readonly ISchemaRegistryClient _registry;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILoggerFactory _loggers;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private KafkaStreams? _streams;
    private StateDirLock? _lock;
    private Task _starting = Task.CompletedTask;
    private volatile Exception? _fault;

    /// <summary>Made by DI (<see cref="ReplicaServiceCollectionExtensions.AddPulseReplica"/>).</summary>
    public VitalsReplica(IOptions<ReplicaOptions> options, IOptions<KafkaOptions> kafka, IOptions<VitalsOptions> vitals, ISchemaRegistryClient registry,
        IHostApplicationLifetime lifetime, ILoggerFactory loggers, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(kafka);
        ArgumentNullException.ThrowIfNull(vitals);
        _options = options.Value;
        _kafka = kafka.Value;
        _vitals = vitals.Value;
        _registry = registry;
        _lifetime = lifetime;
        _loggers = loggers;
        _time = time;
        _logger = loggers.CreateLogger("Pulse.Host.Replica");
    }

    /// <summary>The streams' state: <see cref="KafkaStreamsState.Created"/> until started.</summary>
    public KafkaStreamsState State => _streams?.State ?? KafkaStreamsState.Created;

    /// <summary>What stopped the replica by itself, or null.</summary>
    public Exception? Fault => _fault;

    /// <summary>Builds the topology, takes the state directory, and starts the streams in the background (internal topics may take a while).</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var config = StreamsConfigFactory.Create(_options, _kafka, _loggers, _time);
        var topology = VitalsTopology.Build(_vitals, VitalsSerdes.Create(_registry));
        _lock = StateDirLock.Acquire(_options);
        _streams = new KafkaStreams(topology, config);
        _streams.StateChanged += OnStateChanged;
        LogStarting(_logger, _options.ApplicationId, _kafka.BootstrapServers, Guarantees.Name(config.ProcessingGuarantee), config.NumStreamThreads,
            config.NumStandbyReplicas, config.StateDir, Redact(_kafka.SchemaRegistryUrl));
        var streams = _streams;
        _starting = Task.Run(() =>
        {
            try
            {
                streams.Start();
            }
            catch (Exception e) when (e is StreamsException or Confluent.Kafka.KafkaException)
            {
                Stop(new StreamsException(Hint(e.Message), e));
            }
        }, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Closes the streams: records in hand finished, offsets committed, group left, within <see cref="ReplicaOptions.CloseTimeoutMs"/>.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _starting.ConfigureAwait(false);
        if (_streams is null) return;
        var timeout = TimeSpan.FromMilliseconds(_options.CloseTimeoutMs);
        if (await _streams.CloseAsync(timeout).ConfigureAwait(false)) LogClosed(_logger, _streams.State);
        else LogCloseTimedOut(_logger, timeout.TotalSeconds);
    }

    /// <summary>Closes the streams if still open and releases the state directory.</summary>
    public async ValueTask DisposeAsync()
    {
        await _starting.ConfigureAwait(false);
        if (_streams is not null) await _streams.DisposeAsync().ConfigureAwait(false);
        _lock?.Dispose();
    }

    private void OnStateChanged(KafkaStreamsStateChange change)
    {
        // Raised under the engine's lock: only note the failure and ask the host to stop, elsewhere.
        if (change.NewState == KafkaStreamsState.Error)
            Stop(_streams?.Failure ?? new StreamsException("The streams went to ERROR."));
    }

    private void Stop(Exception fault)
    {
        _fault ??= fault;
        LogFault(_logger, fault.Message);
        _ = Task.Run(_lifetime.StopApplication);
    }

    /// <summary>What to do about a start failure the operator can fix.</summary>
    private string Hint(string message)
    {
        if (message.Contains("does not exist", StringComparison.Ordinal))
            return message + " Create the pipeline's topics with 'pulse init' (the embedded cluster of 'pulse broker' has them already).";
        if (message.Contains("Could not create internal topic", StringComparison.Ordinal))
            return message + $" On 'pulse broker' (librdkafka's mock cluster, which does not answer CreateTopics), start the broker with " +
                $"--application-id {_options.ApplicationId} so it makes this application's internal topics.";
        return message;
    }

    private static string Redact(string url)
    {
        var at = url.LastIndexOf('@');
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        return at < 0 ? url : string.Concat(url.AsSpan(0, scheme < 0 || scheme > at ? 0 : scheme + 3), "***", url.AsSpan(at));
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Starting replica of {ApplicationId}: bootstrap {BootstrapServers}, {Guarantee}, {Threads} thread(s), {Standbys} standby replica(s), state {StateDir}, registry {Registry}")]
    private static partial void LogStarting(ILogger logger, string applicationId, string bootstrapServers, string guarantee, int threads, int standbys,
        string stateDir, string registry);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replica closed ({State})")]
    private static partial void LogClosed(ILogger logger, KafkaStreamsState state);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replica did not close within {Seconds} s; stopping anyway")]
    private static partial void LogCloseTimedOut(ILogger logger, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Replica stopping: {Reason}")]
    private static partial void LogFault(ILogger logger, string reason);
}
