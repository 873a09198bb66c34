using Confluent.Kafka;
using Npgsql;
using NpgsqlTypes;
using Pulse.Vitals;

namespace Pulse.Host.Demo.Internal;

/// <summary>
/// Looks at the running pipeline from outside, as an operator would: end offsets of the topics,
/// the replicas' committed input offsets (their consumer group), the rows in PostgreSQL and the
/// offsets the sink stored there with them. Never joins a group and never commits.
/// </summary>
internal sealed class PipelineProbe : IDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    private readonly VitalsTopics _topics;
    private readonly int _partitions;
    private readonly NpgsqlDataSource _database;
    private readonly string _sinkGroup;
    private readonly IConsumer<Ignore, Ignore> _offsets;
    private readonly Lazy<IConsumer<Ignore, Ignore>> _replicaGroup;
    private readonly List<TopicPartition> _replicaInputs;
    private readonly Lazy<IConsumer<Ignore, Ignore>>? _archiveGroup;

    public PipelineProbe(string bootstrapServers, VitalsTopics topics, int partitions, string applicationId, NpgsqlDataSource database, string sinkGroup,
        string? archiveGroup = null)
    {
        _archiveGroup = archiveGroup is null ? null : new(() => Consumer(bootstrapServers, archiveGroup));
        _topics = topics;
        _partitions = partitions;
        _database = database;
        _sinkGroup = sinkGroup;
        _offsets = Consumer(bootstrapServers, "pulse-demo-probe");
        // Only asked for the group's committed offsets (OffsetFetch): it never subscribes, so never joins.
        _replicaGroup = new(() => Consumer(bootstrapServers, applicationId));
        // What the replicas read: the raw readings, the vehicles, and the dispatch stage's two one-partition repartition topics.
        _replicaInputs = [.. Partitions(topics.Raw), .. Partitions(topics.VehiclePositions),
            new TopicPartition(Pulse.Streams.TopicNames.Repartition(applicationId, "dispatch-alerts-repartition"), 0),
            new TopicPartition(Pulse.Streams.TopicNames.Repartition(applicationId, "dispatch-vehicles-repartition"), 0)];
    }

    /// <summary>The counts now; a part that cannot be read (a broker or the database away) is -1.</summary>
    public PipelineCounts Read(long published, long rowsRejected) => new(
        published, rowsRejected,
        End(_topics.Enriched), End(_topics.Invalid), End(_topics.Stats), End(_topics.Notify), End(_topics.Dispatch), End(_topics.DispatchOrders),
        Tables());

    /// <summary>
    /// Whether everything on the raw topic has been processed (the replicas' committed offsets are at
    /// its end; the engine commits only after flushing the outputs) and everything on the topology's
    /// output topics is in PostgreSQL (the sink's stored offsets are at their ends). The raw topic is
    /// checked first, so the output ends read after it include every output of those readings.
    /// </summary>
    public bool CaughtUp()
    {
        var committed = _replicaGroup.Value.Committed(_replicaInputs, RequestTimeout).ToDictionary(o => o.TopicPartition, o => o.Offset.Value < 0 ? 0 : o.Offset.Value);
        if (_replicaInputs.Any(tp => committed.GetValueOrDefault(tp) < EndOf(tp))) return false;
        var outputs = new[] { _topics.Enriched, _topics.Invalid, _topics.Stats, _topics.Notify, _topics.Dispatch, _topics.DispatchOrders }.SelectMany(Partitions).ToList();
        var ends = outputs.ToDictionary(tp => tp, EndOf);
        var stored = SinkOffsets(outputs);
        return outputs.All(tp => stored.GetValueOrDefault(tp) >= ends[tp]) && Archived();
    }

    /// <summary>With an archiver: whether its committed offsets (made after each flush's files are published) are at the ends of what it archives.</summary>
    private bool Archived()
    {
        if (_archiveGroup is null) return true;
        var archived = new[] { _topics.Raw, _topics.Enriched }.SelectMany(Partitions).ToList();
        var committed = _archiveGroup.Value.Committed(archived, RequestTimeout).ToDictionary(o => o.TopicPartition, o => o.Offset.Value < 0 ? 0 : o.Offset.Value);
        return archived.All(tp => committed.GetValueOrDefault(tp) >= EndOf(tp));
    }

    public void Dispose()
    {
        _offsets.Dispose();
        if (_replicaGroup.IsValueCreated) _replicaGroup.Value.Dispose();
        if (_archiveGroup is { IsValueCreated: true }) _archiveGroup.Value.Dispose();
    }

    private long End(string topic)
    {
        try
        {
            return Partitions(topic).Sum(EndOf);
        }
        catch (KafkaException)
        {
            return -1;
        }
    }

    private long EndOf(TopicPartition partition) => _offsets.QueryWatermarkOffsets(partition, RequestTimeout).High.Value;

    private List<TopicPartition> Partitions(string topic) => Enumerable.Range(0, _partitions).Select(p => new TopicPartition(topic, p)).ToList();

    private TableCounts Tables()
    {
        try
        {
            using var command = _database.CreateCommand("""
                SELECT (SELECT count(*) FROM readings), (SELECT count(*) FROM invalid_readings), (SELECT count(*) FROM vital_stats_1m),
                       (SELECT count(*) FROM alerts), (SELECT count(*) FROM daily_patient_stats), (SELECT count(*) FROM dispatch_orders)
                """);
            using var reader = command.ExecuteReader();
            reader.Read();
            return new TableCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5));
        }
        catch (NpgsqlException)
        {
            return TableCounts.Unknown;
        }
    }

    private Dictionary<TopicPartition, long> SinkOffsets(IReadOnlyCollection<TopicPartition> partitions)
    {
        using var command = _database.CreateCommand("SELECT topic, partition, next_offset FROM sink_offsets WHERE consumer_group = $1 AND topic = ANY($2)");
        command.Parameters.Add(new NpgsqlParameter { Value = _sinkGroup, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = partitions.Select(p => p.Topic).Distinct().ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        using var reader = command.ExecuteReader();
        var stored = new Dictionary<TopicPartition, long>();
        while (reader.Read()) stored[new TopicPartition(reader.GetString(0), reader.GetInt32(1))] = reader.GetInt64(2);
        return stored;
    }

    private static IConsumer<Ignore, Ignore> Consumer(string bootstrapServers, string groupId) => new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig
    {
        BootstrapServers = bootstrapServers,
        GroupId = groupId,
        ClientId = "pulse-demo-probe",
        EnableAutoCommit = false,
    }).Build();
}
