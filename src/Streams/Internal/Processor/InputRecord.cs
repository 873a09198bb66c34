using Confluent.Kafka;

namespace Pulse.Streams.Internal.Processor;

/// <summary>
/// One record on a topic partition: as a task receives it, from a consumer (<see cref="From"/>) or from the
/// TopologyTestDriver, which makes no consumer record for it; and as the driver keeps what a task produced. A consumer
/// record is made again only for an error handler.
/// </summary>
internal readonly record struct InputRecord(string Topic, int Partition, long Offset, byte[]? Key, byte[]? Value, Headers? Headers, long Timestamp)
{
    public static InputRecord From(ConsumeResult<byte[], byte[]> raw)
    {
        var message = raw.Message;
        return new(raw.Topic, raw.Partition.Value, raw.Offset.Value, message.Key, message.Value, message.Headers, message.Timestamp.UnixTimestampMs);
    }

    /// <summary>The record as a consumer hands it over (for the deserialization error handler).</summary>
    public ConsumeResult<byte[], byte[]> ToConsumeResult() => new()
    {
        Topic = Topic,
        Partition = Partition,
        Offset = Offset,
        Message = new Message<byte[], byte[]>
        {
            Key = Key!,
            Value = Value!,
            Headers = Headers,
            Timestamp = new Timestamp(Timestamp, TimestampType.CreateTime),
        },
    };
}
