using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Pulse.Streams.Errors;

namespace Pulse.Streams.Internal.Processor;

/// <summary>
/// Writes a record an error handler continued past to the dead-letter topic (<see cref="StreamsConfig.DeadLetterQueueTopic"/>):
/// its original key, value and headers, plus headers naming the exception, source topic, partition,
/// offset and node (<see cref="DeadLetterHeaders"/>). Does nothing when no topic is configured.
/// </summary>
/// <remarks>
/// The dead-letter path never stops a task: a value larger than <see cref="StreamsConfig.DeadLetterQueueMaxPayloadBytes"/>
/// is cut (<see cref="DeadLetterPayload"/>); a dead letter the producer refuses is tried once more without its value;
/// one it still refuses is logged and counted (<see cref="TaskMetrics.DeadLetterFailures"/>), never thrown. A dead
/// letter that fails on its way to the broker is the record sink's to tolerate (it is never fatal either).
/// </remarks>
internal sealed class DeadLetterQueue(StreamsConfig config, RecordCollector collector, TaskMetrics metrics, ILogger logger)
{
    public void Send(string topic, int partition, long offset, byte[]? key, byte[]? value, Headers? original, long timestamp,
        string nodeName, Exception exception)
    {
        if (config.DeadLetterQueueTopic is not { Length: > 0 } dlq) return;
        var headers = new Headers();
        if (original is not null) foreach (var h in original) headers.Add(h.Key, h.GetValueBytes());
        headers.Add(DeadLetterHeaders.Exception, Encoding.UTF8.GetBytes(exception.GetType().FullName ?? exception.GetType().Name));
        headers.Add(DeadLetterHeaders.Message, Encoding.UTF8.GetBytes(exception.Message));
        headers.Add(DeadLetterHeaders.StackTrace, Encoding.UTF8.GetBytes(exception.StackTrace ?? ""));
        headers.Add(DeadLetterHeaders.Topic, Encoding.UTF8.GetBytes(topic));
        headers.Add(DeadLetterHeaders.Partition, Encoding.UTF8.GetBytes(partition.ToString(CultureInfo.InvariantCulture)));
        headers.Add(DeadLetterHeaders.Offset, Encoding.UTF8.GetBytes(offset.ToString(CultureInfo.InvariantCulture)));
        headers.Add(DeadLetterHeaders.ProcessorNode, Encoding.UTF8.GetBytes(nodeName));
        var payload = DeadLetterPayload.Fit(value, headers, config.DeadLetterQueueMaxPayloadBytes);
        if (TrySend(dlq, key, payload, headers, timestamp, out var failure)
            || (payload is not null && TrySend(dlq, key, null, WithoutPayload(headers, value!.Length), timestamp, out failure)))
        {
            metrics.DeadLetters++;
            return;
        }
        metrics.DeadLetterFailures++;
        logger.LogError("Could not write the dead letter of {Topic}[{Partition}]@{Offset} to {DeadLetterTopic} ({Reason}); the record is dropped",
            topic, partition, offset, dlq, failure?.Message);
    }

    private bool TrySend(string dlq, byte[]? key, byte[]? value, Headers headers, long timestamp, out Exception? failure)
    {
        try
        {
            collector.SendRaw(dlq, null, key, value, headers, timestamp);
            failure = null;
            return true;
        }
        catch (KafkaException e)
        {
            failure = e;
            return false;
        }
    }

    private static Headers WithoutPayload(Headers headers, int size)
    {
        var copy = new Headers();
        foreach (var h in headers) copy.Add(h.Key, h.GetValueBytes());
        if (!copy.TryGetLastBytes(DeadLetterHeaders.PayloadTruncated, out _)) copy.Add(DeadLetterHeaders.PayloadTruncated, "true"u8.ToArray());
        if (!copy.TryGetLastBytes(DeadLetterHeaders.PayloadSize, out _))
            copy.Add(DeadLetterHeaders.PayloadSize, Encoding.UTF8.GetBytes(size.ToString(CultureInfo.InvariantCulture)));
        return copy;
    }
}
