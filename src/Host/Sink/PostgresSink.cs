using Confluent.Kafka;
using Pulse.Streams;
using Confluent.SchemaRegistry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Pulse.Host.Configuration;
using Pulse.Host.Postgres;
using Pulse.Host.Sink.Internal;

using Pulse.Vitals;

namespace Pulse.Host.Sink;

/// <summary>
/// The Postgres sink as a hosted service: migrates the database (when <see cref="SinkOptions.Migrate"/>),
/// then consumes the vitals output topics in a consumer group and writes them to their tables in
/// batches, each batch in one transaction with the offsets it covers, so a crash or restart neither
/// loses nor duplicates a row. Several instances with one group id share the partitions.
/// </summary>
/// <remarks>
/// Runs on its own thread. A failure nothing can get past (a bad password, a missing table, Kafka
/// fatal errors, retries exhausted) is logged, kept in <see cref="Fault"/>, and stops the host.
/// </remarks>
public sealed class PostgresSink(
    IOptions<SinkOptions> options,
    IOptions<VitalsTopics> topics,
    IOptions<KafkaOptions> kafka,
    IOptions<PostgresOptions> postgres,
    NpgsqlDataSource dataSource,
    ISchemaRegistryClient registry,
    SinkMetrics metrics,
    TimeProvider time,
    ILoggerFactory loggers,
    IHostApplicationLifetime lifetime) : BackgroundService
{
    private readonly ILogger _logger = loggers.CreateLogger<PostgresSink>();

    /// <summary>What stopped the sink, when it stopped on its own; null while it runs or after a clean stop.</summary>
    public Exception? Fault { get; private set; }

    /// <summary>True from the database being migrated and the consumer created until the sink stops.</summary>
    public bool IsConsuming { get; private set; }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Run(stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken stop)
    {
        var o = options.Value;
        var retry = new DatabaseRetry(o, metrics, _logger, time);
        metrics.StartAtZero();
        try
        {
            var cluster = KafkaClusterId.Read(ConsumerConfig(), _logger, time, stop);
            var router = new TableRouter(topics.Value, registry, time, cluster);
            _logger.LogInformation(
                "Sink starting: group {GroupId}, Kafka cluster {ClusterId}, topics {Topics}, Postgres {Postgres}, batches of up to {BatchSize} records or {LingerMs} ms, dead letters to {DeadLetterTopic}",
                o.GroupId, cluster, string.Join(", ", router.Topics), postgres.Value.Describe(), o.BatchSize, o.LingerMs, o.DeadLetterTopic);
            if (o.Migrate)
                retry.Execute("migrating the database", () => new Migrator(dataSource, loggers.CreateLogger<Migrator>()).MigrateAsync(stop).GetAwaiter().GetResult(), stop);
            using var producer = new ProducerBuilder<byte[], byte[]>(ProducerConfig()).LogTo(_logger).Build();
            using var writer = new BatchWriter(dataSource, o.GroupId, router.Tables, clusterId: cluster);
            var flusher = new BatchFlusher(writer, new DeadLetterPublisher(producer, o.DeadLetterTopic, o.DeadLetterMaxPayloadBytes, metrics, _logger), retry, _logger);
            using var loop = new SinkLoop(o, ConsumerConfig(), router, flusher, new OffsetStore(dataSource, o.GroupId, cluster), retry, metrics, _logger, time);
            IsConsuming = true;
            loop.Run(stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopping while waiting for the database: the batch was not committed and will be read again.
        }
        catch (Exception e)
        {
            Fault = e;
            _logger.LogCritical(e, "The sink stopped: {Reason}", e.Message);
            lifetime.StopApplication();
        }
        IsConsuming = false;
        _logger.LogInformation(
            "Sink stopped: {RowsWritten} rows written, {RowsAlreadyPresent} already present, {DeadLetters} dead letters, {Batches} batches, {Retries} retries",
            metrics.RowsWritten, metrics.RowsAlreadyPresent, metrics.DeadLetters, metrics.Batches, metrics.Retries);
    }

    private ConsumerConfig ConsumerConfig()
    {
        var config = new ConsumerConfig(new Dictionary<string, string>(kafka.Value.Properties))
        {
            BootstrapServers = kafka.Value.BootstrapServers,
            GroupId = options.Value.GroupId,
            ClientId = "pulse-sink",
            PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            // Postgres holds the offsets the sink resumes from; the ones stored here only show lag.
            EnableAutoCommit = true,
            EnableAutoOffsetStore = false,
            IsolationLevel = IsolationLevel.ReadCommitted,
        };
        config.FetchWaitMaxMs ??= 50;
        // A restarted or dead sink's partitions move after 10 s, not librdkafka's 45 s (a real broker's floor is 6 s).
        config.SessionTimeoutMs ??= Replica.StreamsConfigFactory.SessionTimeoutMs;
        config.HeartbeatIntervalMs ??= Replica.StreamsConfigFactory.HeartbeatIntervalMs;
        config.MaxPartitionFetchBytes ??= 4 * 1024 * 1024;
        // librdkafka stops fetching a partition whose prefetch queue is full for fetch.queue.backoff.ms,
        // 1 s by default: long enough for the sink to drain it and wait.
        config.FetchQueueBackoffMs ??= 10;
        return config;
    }

    private ProducerConfig ProducerConfig() => new(new Dictionary<string, string>(kafka.Value.Properties))
    {
        BootstrapServers = kafka.Value.BootstrapServers,
        ClientId = "pulse-sink-dead-letters",
        EnableIdempotence = true,
        Acks = Acks.All,
        LingerMs = 0,
    };
}
