using Confluent.Kafka;

namespace Pulse.Streams.Testing;

/// <summary>
/// A record to pipe in or one read out. On input, a null timestamp means the input topic's
/// current time and a null partition means the key's partition (murmur2, as Kafka's producer).
/// </summary>
/// <param name="Key">The key.</param>
/// <param name="Value">The value.</param>
/// <param name="Timestamp">The event time.</param>
/// <param name="Headers">Headers, or null.</param>
/// <param name="Partition">The partition.</param>
public sealed record TestRecord<TKey, TValue>(TKey Key, TValue Value, DateTimeOffset? Timestamp = null, Headers? Headers = null, int? Partition = null)
{
    /// <summary>The timestamp in ms since the epoch (0 when unset).</summary>
    public long TimestampMs => Timestamp?.ToUnixTimeMilliseconds() ?? 0;

    /// <summary>The offset of an output record in its topic partition (-1 for input records).</summary>
    public long Offset { get; init; } = -1;
}

/// <summary>Options of a <see cref="TopologyTestDriver"/> beyond Kafka's.</summary>
public sealed record TopologyTestDriverOptions
{
    /// <summary>
    /// Partitions of every topic, and so tasks per sub-topology (default 1, as Kafka's driver).
    /// Records are spread by key as a producer would, or placed with <see cref="TestRecord{TKey, TValue}.Partition"/>.
    /// </summary>
    public int Partitions { get; init; } = 1;

    /// <summary>
    /// True (the default, as Kafka's driver) to commit after every record, so caches flush at once.
    /// False to commit only on <see cref="TopologyTestDriver.Commit"/> or when advancing wall-clock
    /// time passes the commit interval: then caches dedupe updates as in production.
    /// </summary>
    public bool CommitEveryRecord { get; init; } = true;
}
