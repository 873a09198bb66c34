using Confluent.Kafka;
using Pulse.Streams.Testing;

namespace Pulse.Host.Tests.TestSupport;

/// <summary>One test's topics, database and consumer group, as sink settings.</summary>
public sealed class SinkTestBed(EmbeddedKafkaCluster kafka, string connectionString, string prefix, int partitions)
{
    public EmbeddedKafkaCluster Kafka { get; } = kafka;

    public string ConnectionString { get; } = connectionString;

    public int Partitions { get; } = partitions;

    public string GroupId { get; } = prefix + "-sink";

    public string DeadLetterTopic { get; } = prefix + ".sink.dlq";

    public Pulse.Vitals.VitalsTopics Topics { get; } = new()
    {
        Enriched = prefix + ".vitals.enriched",
        Stats = prefix + ".vitals.stats.1m",
        Notify = prefix + ".alerts.notify",
        Dispatch = prefix + ".alerts.dispatch",
        Invalid = prefix + ".vitals.invalid",
    };

    /// <summary>The sink's settings as configuration keys; <paramref name="overrides"/> win.</summary>
    public Dictionary<string, string?> Settings(IDictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Kafka:BootstrapServers"] = Kafka.BootstrapServers,
            // The mock cluster's rebalance waits up to about the session timeout for members to rejoin.
            ["Kafka:Properties:session.timeout.ms"] = "6000",
            ["Kafka:Properties:heartbeat.interval.ms"] = "500",
            ["Postgres:ConnectionString"] = ConnectionString,
            ["Sink:GroupId"] = GroupId,
            ["Sink:DeadLetterTopic"] = DeadLetterTopic,
            ["Sink:BatchSize"] = "500",
            ["Sink:LingerMs"] = "20",
            ["Sink:RetryInitialDelayMs"] = "50",
            ["Sink:RetryMaxDelayMs"] = "500",
            ["Vitals:Topics:Enriched"] = Topics.Enriched,
            ["Vitals:Topics:Stats"] = Topics.Stats,
            ["Vitals:Topics:Notify"] = Topics.Notify,
            ["Vitals:Topics:Dispatch"] = Topics.Dispatch,
            ["Vitals:Topics:Invalid"] = Topics.Invalid,
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>()) settings[key] = value;
        return settings;
    }

    /// <summary>The same settings as <c>PULSE__…</c> environment variables, for a <c>pulse</c> child process.</summary>
    public Dictionary<string, string> Environment(IDictionary<string, string?>? overrides = null) =>
        Settings(overrides).Where(p => p.Value is not null)
            .ToDictionary(p => "PULSE__" + p.Key.Replace(":", "__", StringComparison.Ordinal), p => p.Value!, StringComparer.Ordinal);

    /// <summary>Whether the sink's committed offsets (sink_offsets) for <paramref name="topic"/> add up to <paramref name="records"/>; false while the table is not there.</summary>
    public bool OffsetsCover(string topic, long records)
    {
        try
        {
            return Sql.Scalar<object>(ConnectionString,
                $"SELECT coalesce(sum(next_offset), 0)::bigint FROM sink_offsets WHERE consumer_group = '{GroupId}' AND topic = '{topic}'") is long sum
                && sum == records;
        }
        catch (Npgsql.NpgsqlException)
        {
            return false;
        }
    }

    /// <summary>The high watermarks of <paramref name="topic"/>'s partitions that hold records.</summary>
    public List<long> EndOffsets(string topic)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = Kafka.BootstrapServers, GroupId = "offsets-" + Guid.NewGuid() }).Build();
        return Enumerable.Range(0, Partitions)
            .Select(p => consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(10)).High.Value)
            .Where(high => high > 0)
            .ToList();
    }
}
