using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Pulse.Streams.Errors;

namespace Pulse.Streams.Internal.Processor;

/// <summary>
/// Writes a record an error handler continued past to the dead-letter topic (<see cref="StreamsConfig.DeadLetterQueueTopic"/>):
/// its original key, value and headers, plus headers naming the exception, source topic, partition,
/// offset and node (<see cref="DeadLetterHeaders"/>). Does nothing when no topic is configured.
/// </summary>
internal sealed class DeadLetterQueue(string? deadLetterTopic, RecordCollector collector, TaskMetrics metrics)
{
    public void Send(string topic, int partition, long offset, byte[]? key, byte[]? value, Headers? original, long timestamp,
        string nodeName, Exception exception)
    {
        if (deadLetterTopic is not { Length: > 0 } dlq) return;
        var headers = new Headers();
        if (original is not null) foreach (var h in original) headers.Add(h.Key, h.GetValueBytes());
        headers.Add(DeadLetterHeaders.Exception, Encoding.UTF8.GetBytes(exception.GetType().FullName ?? exception.GetType().Name));
        headers.Add(DeadLetterHeaders.Message, Encoding.UTF8.GetBytes(exception.Message));
        headers.Add(DeadLetterHeaders.StackTrace, Encoding.UTF8.GetBytes(exception.StackTrace ?? ""));
        headers.Add(DeadLetterHeaders.Topic, Encoding.UTF8.GetBytes(topic));
        headers.Add(DeadLetterHeaders.Partition, Encoding.UTF8.GetBytes(partition.ToString(CultureInfo.InvariantCulture)));
        headers.Add(DeadLetterHeaders.Offset, Encoding.UTF8.GetBytes(offset.ToString(CultureInfo.InvariantCulture)));
        headers.Add(DeadLetterHeaders.ProcessorNode, Encoding.UTF8.GetBytes(nodeName));
        collector.SendRaw(dlq, null, key, value, headers, timestamp);
        metrics.DeadLetters++;
    }
}
