using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Pulse.Streams.Errors;

namespace Pulse.Streams.Internal.Kafka;

/// <summary>
/// Which records the broker refused a stream thread may go on without (<see cref="KafkaRecordSink.Tolerate"/>):
/// a dead letter (the dead-letter path never stops a task), and a record refused for what it holds (too large,
/// invalid) when the production handler answers <see cref="ErrorHandlerResponse.Continue"/>, as Kafka asks its
/// handler. Anything else (the cluster away past the producer's retries, an unknown topic, fencing) stays fatal:
/// a commit must never cover a record that was lost for no reason of its own.
/// </summary>
/// <remarks>
/// Under exactly-once a refused record still aborts the transaction it belonged to (the broker's rule); the
/// producer refuses an oversized record before it joins one (<c>message.max.bytes</c>), so keep that limit at or
/// below the topics' <c>max.message.bytes</c>.
/// </remarks>
internal static class DeliveryFailures
{
    public static bool Tolerate(DeliveryReport<byte[], byte[]> report, StreamsConfig config, ILogger logger)
    {
        if (report.Topic == config.DeadLetterQueueTopic)
        {
            logger.LogError("A dead letter to {Topic} was not delivered ({Reason}); it is dropped", report.Topic, report.Error.Reason);
            return true;
        }
        if (!IsAboutTheRecord(report.Error.Code)) return false;
        var context = new ErrorHandlerContext(report.Topic, report.Partition.Value, -1, report.Message?.Headers, null, new TaskId(-1, report.Partition.Value),
            report.Message?.Timestamp.UnixTimestampMs ?? -1);
        var response = config.ProductionExceptionHandler.Handle(context, report.Topic, new KafkaException(report.Error));
        if (response == ErrorHandlerResponse.Fail) return false;
        logger.LogWarning("A record to {Topic} was refused ({Reason}) and the production handler continues past it; it is dropped", report.Topic, report.Error.Reason);
        return true;
    }

    /// <summary>Refusals caused by the record itself, which sending it again cannot cure.</summary>
    private static bool IsAboutTheRecord(ErrorCode code) => code is ErrorCode.MsgSizeTooLarge or ErrorCode.InvalidMsgSize
        or ErrorCode.RecordListTooLarge or ErrorCode.InvalidRecord or ErrorCode.InvalidMsg or ErrorCode.InvalidTimestamp;
}
