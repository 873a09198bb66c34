using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pulse.Host.Init;
using Pulse.Host.Replica;
using Pulse.Host.Sink;
using Pulse.Streams.Testing;
using Pulse.Vitals;

namespace Pulse.Host.Broker;

/// <summary>
/// <c>pulse broker</c>'s cluster: an <see cref="EmbeddedKafkaCluster"/> (librdkafka's mock) as a hosted
/// service. At start it creates every topic of the pipeline (<see cref="PipelineTopics"/>, including
/// the replicas' internal topics, since the mock does not answer CreateTopics), then prints the
/// bootstrap servers on stdout, <c>Bootstrap servers: 127.0.0.1:…</c>, and writes them to
/// <see cref="BrokerOptions.BootstrapFile"/> if given. Stopping the host stops the brokers.
/// </summary>
internal sealed partial class EmbeddedBroker(
    IOptions<BrokerOptions> options, IOptions<TopicCreationOptions> topics, IOptions<VitalsOptions> vitals, IOptions<SinkOptions> sink,
    IOptions<ReplicaOptions> replica, ILogger<EmbeddedBroker> logger) : IHostedService, IDisposable
{
    /// <summary>What the line on stdout starts with.</summary>
    public const string BootstrapLinePrefix = "Bootstrap servers: ";

    private EmbeddedKafkaCluster? _cluster;
    private string? _writtenFile;

    /// <summary>Where the report goes (stdout).</summary>
    public TextWriter Output { get; init; } = Console.Out;

    /// <summary>The brokers' addresses once started.</summary>
    public string? BootstrapServers => _cluster?.BootstrapServers;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var t = topics.Value;
        var replication = t.ReplicationFactor > 0 ? t.ReplicationFactor : Math.Min(3, o.Brokers);
        if (replication > o.Brokers)
            throw new OptionsValidationException(TopicCreationOptions.Section, typeof(TopicCreationOptions),
                [$"Topics:ReplicationFactor must be at most Broker:Brokers ({o.Brokers}) on the embedded cluster."]);
        var specs = PipelineTopics.For(vitals.Value, sink.Value.DeadLetterTopic, replica.Value.ApplicationId, t.Partitions);
        _cluster = EmbeddedKafkaCluster.Start(o.Brokers);
        foreach (var spec in specs) _cluster.CreateTopic(spec.Name, spec.Partitions, replication);
        LogStarted(logger, o.Brokers, specs.Count, t.Partitions, replica.Value.ApplicationId);
        await Output.WriteLineAsync(BootstrapLinePrefix + _cluster.BootstrapServers).ConfigureAwait(false);
        await Output.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (o.BootstrapFile is { } file)
        {
            // Written whole, then renamed: a script that sees the file sees all of it, and every topic exists.
            var full = Path.GetFullPath(file);
            var temporary = full + ".tmp";
            await File.WriteAllTextAsync(temporary, _cluster.BootstrapServers + "\n", cancellationToken).ConfigureAwait(false);
            File.Move(temporary, full, overwrite: true);
            _writtenFile = full;
        }
        LogHint(logger, Commands.PulseExecutable.Command(), _cluster.BootstrapServers);
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Deletes the bootstrap file (a stale one would point scripts at nothing) and stops the brokers.</summary>
    public void Dispose()
    {
        if (_writtenFile is not null) File.Delete(_writtenFile);
        _writtenFile = null;
        _cluster?.Dispose();
        _cluster = null;
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Embedded Kafka: {Brokers} broker(s), {Topics} topics of {Partitions} partitions (internal ones for application {ApplicationId}). " +
                  "librdkafka's mock cluster: no log compaction, at most 5 MiB per partition (older records dropped). Ctrl+C stops it.")]
    private static partial void LogStarted(ILogger logger, int brokers, int topics, int partitions, string applicationId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Try: {Pulse} run --bootstrap-servers {BootstrapServers}")]
    private static partial void LogHint(ILogger logger, string pulse, string bootstrapServers);
}
