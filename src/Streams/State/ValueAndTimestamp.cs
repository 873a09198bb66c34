namespace Pulse.Streams.State;

/// <summary>
/// A table row's value and timestamp (Kafka's <c>ValueAndTimestamp</c>): for an aggregate the largest timestamp of the records
/// that made it, for a table–table join result the later of its two rows', for any other row its writing record's.
/// </summary>
public readonly record struct ValueAndTimestamp<TValue>(TValue Value, long Timestamp);
