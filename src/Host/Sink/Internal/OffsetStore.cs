using Confluent.Kafka;
using Npgsql;
using NpgsqlTypes;

namespace Pulse.Host.Sink.Internal;

/// <summary>
/// Reads the offsets the sink stored in <c>sink_offsets</c>: where a newly assigned partition resumes.
/// Offsets belong to the Kafka cluster they were read from (<paramref name="clusterId"/>): another
/// cluster's are ignored (reported in <see cref="StoredOffsets.Foreign"/>); a row from before cluster
/// ids were kept ('') is taken as this cluster's.
/// </summary>
internal sealed class OffsetStore(NpgsqlDataSource dataSource, string consumerGroup, string clusterId = "")
{
    /// <summary>
    /// The next offset of each of <paramref name="partitions"/> stored for this group and cluster; a
    /// partition with none stored (never written, or written by another cluster) starts at the beginning.
    /// </summary>
    public StoredOffsets Read(IReadOnlyCollection<TopicPartition> partitions)
    {
        var stored = new Dictionary<TopicPartition, long>();
        var foreign = new List<(TopicPartition Partition, string Cluster)>();
        if (partitions.Count > 0)
        {
            using var connection = dataSource.OpenConnection();
            using var command = new NpgsqlCommand("""
                SELECT o.topic, o.partition, o.next_offset, o.cluster_id FROM sink_offsets o
                JOIN unnest($2::text[], $3::integer[]) AS p(topic, partition) ON p.topic = o.topic AND p.partition = o.partition
                WHERE o.consumer_group = $1
                """, connection);
            command.Parameters.Add(new NpgsqlParameter { Value = consumerGroup, NpgsqlDbType = NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter { Value = partitions.Select(p => p.Topic).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter { Value = partitions.Select(p => p.Partition.Value).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var partition = new TopicPartition(reader.GetString(0), reader.GetInt32(1));
                var cluster = reader.GetString(3);
                if (cluster.Length == 0 || cluster == clusterId) stored[partition] = reader.GetInt64(2);
                else foreign.Add((partition, cluster));
            }
        }
        return new StoredOffsets(
            partitions.Select(p => new TopicPartitionOffset(p, stored.TryGetValue(p, out var next) ? new Offset(next) : Offset.Beginning)).ToList(),
            foreign);
    }
}

/// <summary>Where each partition resumes, and the partitions whose stored offset belongs to another cluster (ignored).</summary>
internal sealed record StoredOffsets(List<TopicPartitionOffset> Offsets, IReadOnlyList<(TopicPartition Partition, string Cluster)> Foreign);
