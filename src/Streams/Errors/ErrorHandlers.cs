using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Pulse.Streams.Errors;

/// <summary>What an error handler decides.</summary>
public enum ErrorHandlerResponse
{
    /// <summary>Skip the record (dead-lettering it when a dead-letter topic is configured) and go on.</summary>
    Continue,

    /// <summary>Stop the task with a <see cref="StreamsException"/>.</summary>
    Fail,
}

/// <summary>Where an error happened: the source record and the node.</summary>
/// <param name="Topic">The source topic of the record in hand (empty in a punctuation).</param>
/// <param name="Partition">The source partition, or -1.</param>
/// <param name="Offset">The source offset, or -1.</param>
/// <param name="Headers">The record's headers.</param>
/// <param name="ProcessorNodeId">The node that failed, when known.</param>
/// <param name="TaskId">The task.</param>
/// <param name="Timestamp">The record's timestamp.</param>
public sealed record ErrorHandlerContext(string Topic, int Partition, long Offset, Headers? Headers, string? ProcessorNodeId, TaskId TaskId, long Timestamp)
{
    /// <summary>The source record as a phrase for messages.</summary>
    public override string ToString() =>
        $"taskId={TaskId}, processor={ProcessorNodeId ?? "-"}, topic={Topic}, partition={Partition}, offset={Offset}";
}

/// <summary>Decides what happens when a source record's key or value does not deserialize.</summary>
public interface IDeserializationExceptionHandler
{
    /// <summary>Continue (skip or dead-letter) or fail.</summary>
    ErrorHandlerResponse Handle(ErrorHandlerContext context, ConsumeResult<byte[], byte[]> record, Exception exception);
}

/// <summary>Decides what happens when a processor throws.</summary>
public interface IProcessingExceptionHandler
{
    /// <summary>Continue (drop the record at that node, or dead-letter its source) or fail.</summary>
    ErrorHandlerResponse Handle(ErrorHandlerContext context, object? key, object? value, Exception exception);
}

/// <summary>Decides what happens when an output record cannot be serialized or produced.</summary>
public interface IProductionExceptionHandler
{
    /// <summary>Continue (skip, or dead-letter the source record) or fail.</summary>
    ErrorHandlerResponse Handle(ErrorHandlerContext context, string topic, Exception exception);
}

/// <summary>Logs the error and continues. With a dead-letter topic configured, the source record goes there.</summary>
public sealed class LogAndContinueExceptionHandler(ILogger? logger = null)
    : IDeserializationExceptionHandler, IProcessingExceptionHandler, IProductionExceptionHandler
{
    /// <inheritdoc />
    public ErrorHandlerResponse Handle(ErrorHandlerContext context, ConsumeResult<byte[], byte[]> record, Exception exception) => Log(context, exception);

    /// <inheritdoc />
    public ErrorHandlerResponse Handle(ErrorHandlerContext context, object? key, object? value, Exception exception) => Log(context, exception);

    /// <inheritdoc />
    public ErrorHandlerResponse Handle(ErrorHandlerContext context, string topic, Exception exception) => Log(context, exception);

    private ErrorHandlerResponse Log(ErrorHandlerContext context, Exception exception)
    {
        logger?.LogWarning(exception, "Skipping record after error ({Context})", context);
        return ErrorHandlerResponse.Continue;
    }
}

/// <summary>Logs the error and fails the task: the default, as in Kafka.</summary>
public sealed class LogAndFailExceptionHandler(ILogger? logger = null)
    : IDeserializationExceptionHandler, IProcessingExceptionHandler, IProductionExceptionHandler
{
    /// <inheritdoc />
    public ErrorHandlerResponse Handle(ErrorHandlerContext context, ConsumeResult<byte[], byte[]> record, Exception exception) => Log(context, exception);

    /// <inheritdoc />
    public ErrorHandlerResponse Handle(ErrorHandlerContext context, object? key, object? value, Exception exception) => Log(context, exception);

    /// <inheritdoc />
    public ErrorHandlerResponse Handle(ErrorHandlerContext context, string topic, Exception exception) => Log(context, exception);

    private ErrorHandlerResponse Log(ErrorHandlerContext context, Exception exception)
    {
        logger?.LogError(exception, "Failing on error ({Context})", context);
        return ErrorHandlerResponse.Fail;
    }
}

/// <summary>Header names of dead-letter records (as Kafka's KIP-1034).</summary>
public static class DeadLetterHeaders
{
    /// <summary>The exception's type name.</summary>
    public const string Exception = "__streams.errors.exception";

    /// <summary>The exception's message.</summary>
    public const string Message = "__streams.errors.message";

    /// <summary>The exception's stack trace.</summary>
    public const string StackTrace = "__streams.errors.stacktrace";

    /// <summary>The source topic.</summary>
    public const string Topic = "__streams.errors.topic";

    /// <summary>The source partition, as decimal text.</summary>
    public const string Partition = "__streams.errors.partition";

    /// <summary>The source offset, as decimal text.</summary>
    public const string Offset = "__streams.errors.offset";

    /// <summary>The node that failed, when known.</summary>
    public const string ProcessorNode = "__streams.errors.processor";

    /// <summary>Present (<c>true</c>) when the dead letter's value is the first part of the original only (<see cref="DeadLetterPayload"/>).</summary>
    public const string PayloadTruncated = "__streams.errors.payload.truncated";

    /// <summary>The original value's size in bytes, decimal, when the value was truncated.</summary>
    public const string PayloadSize = "__streams.errors.payload.size";

    /// <summary>The SHA-256 of the whole original value, lower-case hex, when the value was truncated.</summary>
    public const string PayloadSha256 = "__streams.errors.payload.sha256";
}
