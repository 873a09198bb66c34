using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Npgsql;
using Pulse.Streams.Errors;

namespace Pulse.Host.Sink.Internal;

/// <summary>
/// Sends records to the sink's dead-letter topic with <see cref="SinkDeadLetterHeaders"/> and waits
/// for each to be acknowledged, so a record's offset is stored only once its dead letter is safe.
/// At least once: a crash between the two sends it again.
/// </summary>
/// <remarks>
/// The dead-letter path never stops the sink: a value over the limit is cut (<see cref="DeadLetterPayload"/>), a message
/// header is kept short, and a dead letter Kafka refuses after the producer's own retries is sent once more without its
/// value; if that is refused too, it is logged and counted (<see cref="SinkMetrics.DeadLetterFailures"/>) and the record dropped.
/// </remarks>
internal sealed class DeadLetterPublisher(IProducer<byte[], byte[]> producer, string topic, int maxPayloadBytes, SinkMetrics metrics, ILogger logger)
{
    private const int MaxMessageChars = 8 * 1024;

    public string Topic => topic;

    public void Publish(SinkRecord record, string reason, Exception error)
    {
        var source = record.Source;
        var headers = new Headers();
        foreach (var h in source.Message.Headers ?? [])
            if (!h.Key.StartsWith("__streams.errors.", StringComparison.Ordinal))
                headers.Add(h.Key, h.GetValueBytes());
        Add(headers, DeadLetterHeaders.Exception, error.GetType().FullName ?? error.GetType().Name);
        var described = DatabaseErrors.Describe(error);
        Add(headers, DeadLetterHeaders.Message, described.Length > MaxMessageChars ? described[..MaxMessageChars] + "…" : described);
        Add(headers, DeadLetterHeaders.Topic, source.Topic);
        Add(headers, DeadLetterHeaders.Partition, source.Partition.Value.ToString(CultureInfo.InvariantCulture));
        Add(headers, DeadLetterHeaders.Offset, source.Offset.Value.ToString(CultureInfo.InvariantCulture));
        Add(headers, DeadLetterHeaders.ProcessorNode, SinkDeadLetterHeaders.ProcessorName);
        Add(headers, SinkDeadLetterHeaders.Reason, reason);
        if (record.Table is { } table) Add(headers, SinkDeadLetterHeaders.Table, table.Name);
        if (error is PostgresException pg) Add(headers, SinkDeadLetterHeaders.SqlState, pg.SqlState);

        var value = DeadLetterPayload.Fit(source.Message.Value, headers, maxPayloadBytes);
        var timestamp = source.Message.Timestamp.Type == TimestampType.NotAvailable
            ? Timestamp.Default : new Timestamp(source.Message.Timestamp.UnixTimestampMs, TimestampType.CreateTime);
        record.DeadLettered = true;
        if (TrySend(source.Message.Key, value, headers, timestamp, out var failure)
            || (value is not null && TrySend(source.Message.Key, null, WithoutValue(headers, source.Message.Value!.Length), timestamp, out failure)))
        {
            metrics.DeadLettered(source.Topic, reason);
            return;
        }
        metrics.DeadLetterFailed(source.Topic);
        logger.LogError("Could not write the dead letter of {Record} to {DeadLetterTopic} ({Reason}); the record is dropped", record, topic, failure!.Error.Reason);
    }

    /// <summary>Synchronous on purpose: the sink's loop waits for the acknowledgement before storing the offset.</summary>
    private bool TrySend(byte[]? key, byte[]? value, Headers headers, Timestamp timestamp, out KafkaException? failure)
    {
        try
        {
            producer.ProduceAsync(topic, new Message<byte[], byte[]> { Key = key!, Value = value!, Timestamp = timestamp, Headers = headers }).GetAwaiter().GetResult();
            failure = null;
            return true;
        }
        catch (KafkaException e)
        {
            failure = e;
            return false;
        }
    }

    private static Headers WithoutValue(Headers headers, int size)
    {
        var copy = new Headers();
        foreach (var h in headers)
            if (h.Key is not (DeadLetterHeaders.PayloadTruncated or DeadLetterHeaders.PayloadSize)) copy.Add(h.Key, h.GetValueBytes());
        Add(copy, DeadLetterHeaders.PayloadTruncated, "true");
        Add(copy, DeadLetterHeaders.PayloadSize, size.ToString(CultureInfo.InvariantCulture));
        return copy;
    }

    private static void Add(Headers headers, string name, string value) => headers.Add(name, Encoding.UTF8.GetBytes(value));
}
