using Confluent.Kafka;
using Npgsql;
using NpgsqlTypes;

namespace Pulse.Host.Sink.Internal;

/// <summary>Reads the offsets the sink stored in <c>sink_offsets</c>: where a newly assigned partition resumes.</summary>
internal sealed class OffsetStore(NpgsqlDataSource dataSource, string consumerGroup)
{
    /// <summary>
    /// The next offset of each of <paramref name="partitions"/> stored for this group; a partition
    /// with none stored (never written) starts at the beginning.
    /// </summary>
    public List<TopicPartitionOffset> Read(IReadOnlyCollection<TopicPartition> partitions)
    {
        var stored = new Dictionary<TopicPartition, long>();
        if (partitions.Count > 0)
        {
            using var connection = dataSource.OpenConnection();
            using var command = new NpgsqlCommand("""
                SELECT o.topic, o.partition, o.next_offset FROM sink_offsets o
                JOIN unnest($2::text[], $3::integer[]) AS p(topic, partition) ON p.topic = o.topic AND p.partition = o.partition
                WHERE o.consumer_group = $1
                """, connection);
            command.Parameters.Add(new NpgsqlParameter { Value = consumerGroup, NpgsqlDbType = NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter { Value = partitions.Select(p => p.Topic).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter { Value = partitions.Select(p => p.Partition.Value).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
            using var reader = command.ExecuteReader();
            while (reader.Read())
                stored[new TopicPartition(reader.GetString(0), reader.GetInt32(1))] = reader.GetInt64(2);
        }
        return partitions
            .Select(p => new TopicPartitionOffset(p, stored.TryGetValue(p, out var next) ? new Offset(next) : Offset.Beginning))
            .ToList();
    }
}
