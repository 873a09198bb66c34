namespace Pulse.Streams.Internal.State;

/// <summary>
/// A key-value store that may keep each value's timestamp before its bytes (<see cref="TimestampedValues"/>). Its changelog
/// records hold values alone, the timestamp being the record's; its restore joins the two again.
/// </summary>
internal interface ITimestampedStore
{
    bool Timestamped { get; }
}
