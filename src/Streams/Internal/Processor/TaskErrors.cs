using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Pulse.Streams.Errors;

namespace Pulse.Streams.Internal.Processor;

/// <summary>
/// A task's answers to errors: asks the configured handler (deserialization, processing, production);
/// on <see cref="ErrorHandlerResponse.Fail"/> throws a <see cref="StreamsException"/> naming the record
/// (topic, partition, offset, node); on <see cref="ErrorHandlerResponse.Continue"/> counts the record as
/// dropped and sends it to the dead-letter queue when one is configured.
/// </summary>
internal sealed class TaskErrors(TaskContext context, DeadLetterQueue deadLetters)
{
    private readonly ILogger _logger = context.Config.LoggerFactory.CreateLogger("Pulse.Streams.Task");

    public ErrorHandlerContext ErrorContext(string? nodeName) =>
        context.RecordContext is { } rc
            ? new ErrorHandlerContext(rc.Topic, rc.Partition, rc.Offset, rc.Headers, nodeName, context.TaskId, rc.Timestamp)
            : new ErrorHandlerContext("", -1, -1, null, nodeName, context.TaskId, -1);

    public void HandleProcessingError(ProcessorNode node, object? key, object? value, Exception exception)
    {
        var errorContext = ErrorContext(node.Name);
        var response = context.Config.ProcessingExceptionHandler.Handle(errorContext, key, value, exception);
        if (response == ErrorHandlerResponse.Fail)
            throw new StreamsException($"Exception caught in process ({errorContext}): {exception.Message}", exception);
        context.Metrics.DroppedRecords++;
        if (context.RecordContext is { HasSource: true } rc) deadLetters.Send(rc.Topic, rc.Partition, rc.Offset, rc.RawKey, rc.RawValue, rc.Headers, rc.Timestamp, node.Name, exception);
    }

    public void HandleDeserializationError(string sourceName, ConsumeResult<byte[], byte[]> raw, Exception exception)
    {
        var headers = raw.Message.Headers;
        var errorContext = new ErrorHandlerContext(raw.Topic, raw.Partition.Value, raw.Offset.Value, headers, sourceName, context.TaskId, raw.Message.Timestamp.UnixTimestampMs);
        var response = context.Config.DeserializationExceptionHandler.Handle(errorContext, raw, exception);
        if (response == ErrorHandlerResponse.Fail)
            throw new StreamsException($"Deserialization failed ({errorContext}): {exception.Message}", exception);
        context.Metrics.DroppedRecords++;
        deadLetters.Send(raw.Topic, raw.Partition.Value, raw.Offset.Value, raw.Message.Key, raw.Message.Value, headers,
            raw.Message.Timestamp.UnixTimestampMs, sourceName, exception);
    }

    public void HandleProductionError(string nodeName, string topic, Exception exception)
    {
        var errorContext = ErrorContext(nodeName);
        var response = context.Config.ProductionExceptionHandler.Handle(errorContext, topic, exception);
        if (response == ErrorHandlerResponse.Fail)
            throw new StreamsException($"Could not produce to topic '{topic}' ({errorContext}): {exception.Message}", exception);
        context.Metrics.DroppedRecords++;
        if (context.RecordContext is { HasSource: true } rc) deadLetters.Send(rc.Topic, rc.Partition, rc.Offset, rc.RawKey, rc.RawValue, rc.Headers, rc.Timestamp, nodeName, exception);
    }

    public void RecordDroppedForTimestamp(ConsumeResult<byte[], byte[]> raw, long timestamp)
    {
        context.Metrics.DroppedRecords++;
        _logger.LogWarning("Skipping record with negative timestamp {Timestamp} (topic={Topic}, partition={Partition}, offset={Offset})",
            timestamp, raw.Topic, raw.Partition.Value, raw.Offset.Value);
    }
}
