using Pulse.Streams.Errors;

namespace Pulse.Vitals;

/// <summary>
/// The headers of a record on the dead-letter topic (<c>vitals.invalid</c>). The record itself is
/// the rejected one unchanged: same key, same value bytes, same timestamp, its own headers first.
/// Then, all values UTF-8 text:
/// <list type="bullet">
/// <item><see cref="Reason"/>, once per reason, in the order found: a code of
/// <see cref="Clinical.InvalidReasonCodes"/>;</item>
/// <item><see cref="Message"/>: every reason as <c>code: detail</c>, joined with <c>"; "</c>;</item>
/// <item><see cref="Topic"/>, <see cref="Partition"/>, <see cref="Offset"/>: where the record was read;</item>
/// <item><see cref="ProcessorNode"/>: the node that rejected it;</item>
/// <item><see cref="Exception"/> and <see cref="StackTrace"/>: only when the value did not
/// deserialize, the deserializer's exception type and stack trace.</item>
/// </list>
/// The <c>__streams.errors.*</c> names are the engine's (<see cref="DeadLetterHeaders"/>, as
/// Kafka's KIP-1034), so one dead-letter reader understands both.
/// </summary>
public static class InvalidReadingHeaders
{
    /// <summary>One reason code per header; a record has one or more.</summary>
    public const string Reason = "pulse.invalid.reason";

    /// <summary>Every reason with its detail, joined.</summary>
    public const string Message = DeadLetterHeaders.Message;

    /// <summary>The source topic.</summary>
    public const string Topic = DeadLetterHeaders.Topic;

    /// <summary>The source partition, decimal.</summary>
    public const string Partition = DeadLetterHeaders.Partition;

    /// <summary>The source offset, decimal.</summary>
    public const string Offset = DeadLetterHeaders.Offset;

    /// <summary>The processor node that rejected the record.</summary>
    public const string ProcessorNode = DeadLetterHeaders.ProcessorNode;

    /// <summary>The deserializer's exception type (undeserializable values only).</summary>
    public const string Exception = DeadLetterHeaders.Exception;

    /// <summary>The deserializer's stack trace (undeserializable values only).</summary>
    public const string StackTrace = DeadLetterHeaders.StackTrace;
}
