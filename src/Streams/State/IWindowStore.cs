using Pulse.Streams.Dsl;

namespace Pulse.Streams.State;

/// <summary>Reads of a window store: values per key and window start time.</summary>
public interface IReadOnlyWindowStore<TKey, TValue>
{
    /// <summary>The value of <paramref name="key"/> in the window starting at <paramref name="windowStart"/>, or default.</summary>
    TValue? Fetch(TKey key, long windowStart);

    /// <summary>The windows of <paramref name="key"/> starting from <paramref name="timeFrom"/> to <paramref name="timeTo"/> (inclusive), oldest first, as (window start, value).</summary>
    IEnumerable<KeyValuePair<long, TValue>> Fetch(TKey key, long timeFrom, long timeTo);

    /// <summary>Every key's windows starting from <paramref name="timeFrom"/> to <paramref name="timeTo"/> (inclusive).</summary>
    IEnumerable<KeyValuePair<Windowed<TKey>, TValue>> FetchAll(long timeFrom, long timeTo);

    /// <summary>Every window still retained.</summary>
    IEnumerable<KeyValuePair<Windowed<TKey>, TValue>> All();
}

/// <summary>
/// A window store: values per key and window start, kept for a retention period measured in
/// stream time (the largest window start put so far); older windows are dropped, and writes to
/// them are ignored.
/// </summary>
public interface IWindowStore<TKey, TValue> : IStateStore, IReadOnlyWindowStore<TKey, TValue>
{
    /// <summary>Puts the value of <paramref name="key"/> in the window starting at <paramref name="windowStart"/>; null deletes.</summary>
    void Put(TKey key, TValue? value, long windowStart);
}
