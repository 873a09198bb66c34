using Confluent.Kafka;
using Parquet;
using Parquet.Schema;

namespace Pulse.Host.Archive;

/// <summary>
/// <c>vitals.raw</c> as it arrived: the original key and value bytes, with topic, partition, offset and timestamp, so
/// an audit (or a replay) has exactly what the producers sent, malformed records included.
/// </summary>
internal sealed class RawRows : IArchiveRows
{
    private static readonly DataField<string> Topic = new("topic");
    private static readonly DataField<int> Partition = new("partition");
    private static readonly DataField<long> Offset = new("offset");
    private static readonly DataField<DateTime> Timestamp = new("timestamp");
    private static readonly DataField<byte[]> Key = new("key", true);
    private static readonly DataField<byte[]> Value = new("value", true);
    private static readonly ParquetSchema Layout = new(Topic, Partition, Offset, Timestamp, Key, Value);

    private readonly List<string> _topics = [];
    private readonly List<int> _partitions = [];
    private readonly List<long> _offsets = [];
    private readonly List<DateTime> _timestamps = [];
    private readonly List<byte[]?> _keys = [];
    private readonly List<byte[]?> _values = [];

    public ParquetSchema Schema => Layout;

    public int Count => _offsets.Count;

    public long Bytes { get; private set; }

    public bool Add(ConsumeResult<byte[], byte[]> record)
    {
        ArgumentNullException.ThrowIfNull(record);
        _topics.Add(record.Topic);
        _partitions.Add(record.Partition.Value);
        _offsets.Add(record.Offset.Value);
        _timestamps.Add(record.Message.Timestamp.UtcDateTime);
        _keys.Add(record.Message.Key);
        _values.Add(record.Message.Value);
        Bytes += 32 + (record.Message.Key?.Length ?? 0) + (record.Message.Value?.Length ?? 0);
        return true;
    }

    public async Task WriteAsync(ParquetWriter writer, int start, int count, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        using var group = writer.CreateRowGroup();
        await group.WriteAsync(Topic, _topics.GetRange(start, count), null).ConfigureAwait(false);
        await group.WriteAsync<int>(Partition, _partitions.GetRange(start, count).ToArray(), null, null, cancellationToken).ConfigureAwait(false);
        await group.WriteAsync<long>(Offset, _offsets.GetRange(start, count).ToArray(), null, null, cancellationToken).ConfigureAwait(false);
        await group.WriteAsync<DateTime>(Timestamp, _timestamps.GetRange(start, count).ToArray(), null, null, cancellationToken).ConfigureAwait(false);
        await group.WriteAsync(Key, _keys.GetRange(start, count)!, null).ConfigureAwait(false);
        await group.WriteAsync(Value, _values.GetRange(start, count)!, null).ConfigureAwait(false);
    }
}
