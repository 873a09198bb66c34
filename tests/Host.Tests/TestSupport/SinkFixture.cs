using System.Globalization;
using Pulse.Streams.Testing;

namespace Pulse.Host.Tests.TestSupport;

/// <summary>
/// What the sink tests of one class share: a PostgreSQL server and an embedded Kafka cluster of three
/// brokers. Each test takes a <see cref="SinkTestBed"/> of its own: its own topics, database and group.
/// </summary>
public class SinkFixture : IDisposable
{
    private int _beds;

    public SinkFixture()
        : this(Pulse.Host.Postgres.LocalPostgresOptions.Throwaway)
    {
    }

    /// <summary>A fixture whose PostgreSQL server runs with <paramref name="postgresSettings"/>.</summary>
    protected SinkFixture(IDictionary<string, string> postgresSettings)
    {
        Postgres = new PostgresFixture(postgresSettings);
        Kafka = EmbeddedKafkaCluster.Start(brokers: 3);
    }

    public PostgresFixture Postgres { get; }

    public EmbeddedKafkaCluster Kafka { get; }

    /// <summary>Fresh topics (<paramref name="partitions"/> each), a fresh database and a fresh group id.</summary>
    public SinkTestBed NewBed(int partitions = 3)
    {
        var n = Interlocked.Increment(ref _beds).ToString(CultureInfo.InvariantCulture);
        var bed = new SinkTestBed(Kafka, Postgres.NewDatabase(), "t" + n, partitions);
        foreach (var topic in new[] { bed.Topics.Enriched, bed.Topics.Stats, bed.Topics.Notify, bed.Topics.Dispatch, bed.Topics.Invalid, bed.DeadLetterTopic })
            Kafka.CreateTopic(topic, partitions);
        return bed;
    }

    public void Dispose()
    {
        Kafka.Dispose();
        Postgres.Dispose();
        GC.SuppressFinalize(this);
    }
}

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
}
