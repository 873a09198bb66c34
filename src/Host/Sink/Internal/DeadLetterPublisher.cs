using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Npgsql;
using Pulse.Streams.Errors;

namespace Pulse.Host.Sink.Internal;

/// <summary>
/// Sends records to the sink's dead-letter topic with <see cref="SinkDeadLetterHeaders"/> and waits
/// for each to be acknowledged, so a record's offset is stored only once its dead letter is safe.
/// At least once: a crash between the two sends it again.
/// </summary>
internal sealed class DeadLetterPublisher(IProducer<byte[], byte[]> producer, string topic, SinkMetrics metrics)
{
    public string Topic => topic;

    public void Publish(SinkRecord record, string reason, Exception error)
    {
        var source = record.Source;
        var headers = new Headers();
        foreach (var h in source.Message.Headers ?? [])
            if (!h.Key.StartsWith("__streams.errors.", StringComparison.Ordinal))
                headers.Add(h.Key, h.GetValueBytes());
        Add(headers, DeadLetterHeaders.Exception, error.GetType().FullName ?? error.GetType().Name);
        Add(headers, DeadLetterHeaders.Message, DatabaseErrors.Describe(error));
        Add(headers, DeadLetterHeaders.Topic, source.Topic);
        Add(headers, DeadLetterHeaders.Partition, source.Partition.Value.ToString(CultureInfo.InvariantCulture));
        Add(headers, DeadLetterHeaders.Offset, source.Offset.Value.ToString(CultureInfo.InvariantCulture));
        Add(headers, DeadLetterHeaders.ProcessorNode, SinkDeadLetterHeaders.ProcessorName);
        Add(headers, SinkDeadLetterHeaders.Reason, reason);
        if (record.Table is { } table) Add(headers, SinkDeadLetterHeaders.Table, table.Name);
        if (error is PostgresException pg) Add(headers, SinkDeadLetterHeaders.SqlState, pg.SqlState);

        var message = new Message<byte[], byte[]>
        {
            Key = source.Message.Key,
            Value = source.Message.Value,
            Timestamp = source.Message.Timestamp.Type == TimestampType.NotAvailable ? Timestamp.Default : new Timestamp(source.Message.Timestamp.UnixTimestampMs, TimestampType.CreateTime),
            Headers = headers,
        };
        // Synchronous on purpose: the sink's loop waits for the acknowledgement before storing the offset.
        producer.ProduceAsync(topic, message).GetAwaiter().GetResult();
        record.DeadLettered = true;
        metrics.DeadLettered(source.Topic, reason);
    }

    private static void Add(Headers headers, string name, string value) => headers.Add(name, Encoding.UTF8.GetBytes(value));
}
