using Confluent.Kafka;
using Pulse.Streams.Processor;

namespace Pulse.Streams.Internal.Processor;

/// <summary>
/// Where the record in hand came from. Immutable once made; the source bytes are kept so that a
/// record failing anywhere downstream can be dead-lettered as it arrived.
/// </summary>
internal sealed class ProcessorRecordContext(long timestamp, string topic, int partition, long offset, Headers? headers,
    byte[]? rawKey = null, byte[]? rawValue = null) : IRecordMetadata
{
    public long Timestamp { get; } = timestamp;
    public string Topic { get; } = topic;
    public int Partition { get; } = partition;
    public long Offset { get; } = offset;
    public Headers? Headers { get; } = headers;
    public byte[]? RawKey { get; } = rawKey;
    public byte[]? RawValue { get; } = rawValue;

    /// <summary>True when the record came from a topic (not from a punctuation).</summary>
    public bool HasSource => Offset >= 0;

    public ProcessorRecordContext WithTimestamp(long timestamp) =>
        timestamp == Timestamp ? this : new(timestamp, Topic, Partition, Offset, Headers, RawKey, RawValue);

    /// <summary>The context of records made in a punctuation: no source.</summary>
    public static ProcessorRecordContext ForPunctuation(long timestamp) => new(timestamp, "", -1, -1, null);
}
