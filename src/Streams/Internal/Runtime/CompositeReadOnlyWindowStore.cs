using Pulse.Streams.Dsl;
using Pulse.Streams.Internal.State;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.Runtime;

/// <summary>
/// One window store as a query sees it: the union of the same-named stores of this instance's tasks,
/// asked afresh on every read (see <see cref="CompositeReadOnlyKeyValueStore{TKey, TValue}"/>).
/// Results keep the store's order across tasks: a key's windows by start; all windows by start, then key.
/// </summary>
internal sealed class CompositeReadOnlyWindowStore<TKey, TValue>(Func<IReadOnlyList<WindowReadOnlyView<TKey, TValue>>> views)
    : IReadOnlyWindowStore<TKey, TValue>
{
    public TValue? Fetch(TKey key, long windowStart)
    {
        var stores = views();
        if (stores.Count == 0) return default;
        var bytes = stores[0].Encode(key);
        foreach (var store in stores)
            if (store.FetchRaw(bytes, windowStart) is { } found) return store.DecodeValue(found);
        return default;
    }

    public IEnumerable<KeyValuePair<long, TValue>> Fetch(TKey key, long timeFrom, long timeTo)
    {
        var stores = views();
        if (stores.Count == 0) return [];
        var bytes = stores[0].Encode(key);
        var entries = new List<KeyValuePair<long, byte[]>>();
        foreach (var store in stores) entries.AddRange(store.FetchRaw(bytes, timeFrom, timeTo));
        if (stores.Count > 1) entries = [.. entries.OrderBy(e => e.Key)]; // stable: a key's duplicates keep their order
        var first = stores[0];
        return entries.Select(e => new KeyValuePair<long, TValue>(e.Key, first.DecodeValue(e.Value)));
    }

    public IEnumerable<KeyValuePair<Windowed<TKey>, TValue>> FetchAll(long timeFrom, long timeTo)
    {
        var stores = views();
        if (stores.Count == 0) return [];
        var entries = new List<KeyValuePair<Windowed<Bytes>, byte[]>>();
        foreach (var store in stores) entries.AddRange(store.FetchAllRaw(timeFrom, timeTo));
        if (stores.Count > 1) entries = [.. entries.OrderBy(e => e.Key.Window.StartMs).ThenBy(e => e.Key.Key)];
        return stores[0].Decode(entries);
    }

    public IEnumerable<KeyValuePair<Windowed<TKey>, TValue>> All() => FetchAll(long.MinValue, long.MaxValue);
}
