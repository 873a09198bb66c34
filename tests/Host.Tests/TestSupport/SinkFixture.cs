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
