namespace Pulse.Host.Sink;

/// <summary>
/// The headers of a record the sink sends to its dead-letter topic. The record is the consumed one
/// unchanged (key, value bytes, timestamp, and its headers other than <c>__streams.errors.*</c>);
/// then, as UTF-8 text, the engine's dead-letter headers (<see cref="Pulse.Streams.Errors.DeadLetterHeaders"/>:
/// exception type, message, source topic, partition and offset, and <c>__streams.errors.processor</c> =
/// <c>pulse-sink</c>) and these.
/// </summary>
public static class SinkDeadLetterHeaders
{
    /// <summary>Why: <see cref="Rejected"/> or <see cref="Undeserializable"/>.</summary>
    public const string Reason = "pulse.sink.reason";

    /// <summary>The table the row was for.</summary>
    public const string Table = "pulse.sink.table";

    /// <summary>The SQLSTATE the database answered, when it did (e.g. <c>23514</c>, a check violation).</summary>
    public const string SqlState = "pulse.sink.sqlstate";

    /// <summary>Reason: the database refused the row for good (a constraint, a value out of range).</summary>
    public const string Rejected = "database.rejected";

    /// <summary>Reason: the value did not deserialize.</summary>
    public const string Undeserializable = "value.undeserializable";

    /// <summary>The processor name the sink writes in <c>__streams.errors.processor</c>.</summary>
    public const string ProcessorName = "pulse-sink";
}
