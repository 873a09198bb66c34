using Confluent.Kafka;

namespace Pulse.Host.Archive;

/// <summary>
/// One partition's records since its last flush, grouped by the hour (UTC) of their timestamps: each hour becomes a
/// file of the next flush, which covers the offsets <see cref="From"/>..<see cref="To"/>.
/// </summary>
internal sealed class PartitionBuffer(TopicPartition partition, Func<IArchiveRows> rows)
{
    private readonly SortedDictionary<DateTime, IArchiveRows> _hours = [];

    public TopicPartition Partition { get; } = partition;

    /// <summary>The first offset buffered (or skipped as unreadable) since the last flush; -1 when none.</summary>
    public long From { get; private set; } = -1;

    public long To { get; private set; } = -1;

    /// <summary>When the first record since the last flush arrived (wall clock).</summary>
    public DateTimeOffset FirstAt { get; private set; }

    public long Bytes => _hours.Values.Sum(h => h.Bytes);

    public int Rows => _hours.Values.Sum(h => h.Count);

    /// <summary>Records the layout could not hold since the last flush (counted, not archived).</summary>
    public int Skipped { get; private set; }

    public bool IsEmpty => From < 0;

    public IReadOnlyCollection<KeyValuePair<DateTime, IArchiveRows>> Hours => _hours;

    public void Add(ConsumeResult<byte[], byte[]> record, DateTimeOffset now)
    {
        if (From < 0) (From, FirstAt) = (record.Offset.Value, now);
        To = record.Offset.Value;
        var at = record.Message.Timestamp.UtcDateTime;
        var hour = new DateTime(at.Year, at.Month, at.Day, at.Hour, 0, 0, DateTimeKind.Utc);
        if (!_hours.TryGetValue(hour, out var group)) _hours[hour] = group = rows();
        if (!group.Add(record)) Skipped++;
    }

    public void Clear()
    {
        _hours.Clear();
        (From, To, Skipped) = (-1, -1, 0);
    }
}
