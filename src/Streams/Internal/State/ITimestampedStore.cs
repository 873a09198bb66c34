namespace Pulse.Streams.Internal.State;

/// <summary>
/// A key-value store that may keep each value's timestamp before its bytes (<see cref="TimestampedValues"/>). Its changelog
/// records hold values alone, the timestamp being the record's; its restore joins the two again.
/// </summary>
internal interface ITimestampedStore
{
    bool Timestamped { get; }

    /// <summary>
    /// Like <see cref="IQueryableStore.Composite"/>, read with the rows' timestamps: an
    /// <c>IReadOnlyKeyValueStore&lt;TKey, ValueAndTimestamp&lt;TValue&gt;&gt;</c> (a timestamped store only).
    /// </summary>
    object TimestampedComposite(Func<IReadOnlyList<Pulse.Streams.State.IStateStore>> stores);
}
