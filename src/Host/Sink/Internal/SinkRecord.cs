using Confluent.Kafka;

namespace Pulse.Host.Sink.Internal;

/// <summary>
/// One consumed record in a batch and what the sink makes of it: a row for <see cref="Table"/>, or
/// nothing (a tombstone), or an <see cref="Error"/> (the value did not read). Once the record has
/// gone to the dead-letter topic, <see cref="DeadLettered"/> holds and its row is no longer
/// written, but its offset still counts: the batch that covers it moves past it.
/// </summary>
internal sealed class SinkRecord(ConsumeResult<byte[], byte[]> source, SinkTable? table, object? row, Exception? error)
{
    public ConsumeResult<byte[], byte[]> Source { get; } = source;

    public SinkTable? Table { get; } = table;

    public object? Row { get; } = row;

    public Exception? Error { get; } = error;

    public bool DeadLettered { get; set; }

    /// <summary>Whether the batch writes a row for this record.</summary>
    public bool HasRow => Row is not null && !DeadLettered;

    public TopicPartition TopicPartition => Source.TopicPartition;

    public override string ToString() => $"{Source.Topic}[{Source.Partition.Value}]@{Source.Offset.Value}";
}
