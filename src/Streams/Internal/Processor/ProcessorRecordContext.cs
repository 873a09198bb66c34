using Confluent.Kafka;
using Pulse.Streams.Processor;

namespace Pulse.Streams.Internal.Processor;

/// <summary>
/// Where the record in hand came from; the source bytes are kept so that a record failing anywhere downstream can be
/// dead-lettered as it arrived. Immutable, except for the one a record queue reuses for every record it hands over
/// (<see cref="IsReused"/>): whatever keeps a context beyond the record in hand (a cache entry, a processor asking for its
/// metadata) keeps a <see cref="Snapshot"/> of that one, or its fields.
/// </summary>
internal sealed class ProcessorRecordContext(long timestamp, string topic, int partition, long offset, Headers? headers,
    byte[]? rawKey = null, byte[]? rawValue = null) : IRecordMetadata
{
    public long Timestamp { get; private set; } = timestamp;
    public string Topic { get; private set; } = topic;
    public int Partition { get; private set; } = partition;
    public long Offset { get; private set; } = offset;
    public Headers? Headers { get; private set; } = headers;
    public byte[]? RawKey { get; private set; } = rawKey;
    public byte[]? RawValue { get; private set; } = rawValue;

    /// <summary>True for a record queue's own context, which the next record overwrites.</summary>
    public bool IsReused { get; private init; }

    /// <summary>True when the record came from a topic (not from a punctuation).</summary>
    public bool HasSource => Offset >= 0;

    public ProcessorRecordContext WithTimestamp(long timestamp) =>
        timestamp == Timestamp && !IsReused ? this : new(timestamp, Topic, Partition, Offset, Headers, RawKey, RawValue);

    /// <summary>This context, or a copy of it that the next record does not overwrite (one per record however often asked).</summary>
    public ProcessorRecordContext Snapshot() => IsReused ? _snapshot ??= new(Timestamp, Topic, Partition, Offset, Headers, RawKey, RawValue) : this;

    private ProcessorRecordContext? _snapshot;

    /// <summary>A context to be overwritten record after record: a record queue's (of <paramref name="topic"/>'s <paramref name="partition"/>), or a forwarder's.</summary>
    public static ProcessorRecordContext Reusable(string topic = "", int partition = -1) => new(-1, topic, partition, -1, null) { IsReused = true };

    /// <summary>Makes this reused context a copy of <paramref name="other"/> stamped with <paramref name="timestamp"/>.</summary>
    public void SetFrom(ProcessorRecordContext other, long timestamp)
    {
        if (!IsReused) throw new InvalidOperationException("Only a reused context is overwritten.");
        (Topic, Partition) = (other.Topic, other.Partition);
        (Timestamp, Offset, Headers, RawKey, RawValue) = (timestamp, other.Offset, other.Headers, other.RawKey, other.RawValue);
        _snapshot = null;
    }

    /// <summary>Makes this reused context the next record's.</summary>
    public void Set(long timestamp, long offset, Headers? headers, byte[]? rawKey, byte[]? rawValue)
    {
        if (!IsReused) throw new InvalidOperationException("Only a record queue's reused context is overwritten.");
        (Timestamp, Offset, Headers, RawKey, RawValue) = (timestamp, offset, headers, rawKey, rawValue);
        _snapshot = null;
    }

    /// <summary>The context of records made in a punctuation: no source.</summary>
    public static ProcessorRecordContext ForPunctuation(long timestamp) => new(timestamp, "", -1, -1, null);
}
