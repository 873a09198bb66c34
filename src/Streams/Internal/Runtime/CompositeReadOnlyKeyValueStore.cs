using Pulse.Streams.Internal.State;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.Runtime;

/// <summary>
/// One key-value store as a query sees it: the union of the same-named stores of this instance's
/// tasks (each holds the keys of one partition), or the one global store. Every read asks
/// <paramref name="views"/> afresh, so it follows rebalances; a store that closes during a read
/// throws <see cref="Errors.InvalidStateStoreException"/>. Ranges are merged across tasks in key order
/// (serialized key bytes), each task's part read as of one instant.
/// </summary>
internal sealed class CompositeReadOnlyKeyValueStore<TKey, TValue>(Func<IReadOnlyList<KeyValueReadOnlyView<TKey, TValue>>> views)
    : IReadOnlyKeyValueStore<TKey, TValue>
{
    public TValue? Get(TKey key) => TryGet(key, out var value) ? value : default;

    public bool TryGet(TKey key, out TValue value)
    {
        var stores = views();
        if (stores.Count > 0)
        {
            var bytes = stores[0].Encode(key);
            foreach (var store in stores)
            {
                if (store.GetRaw(bytes) is not { } found) continue;
                value = store.DecodeValue(found);
                return true;
            }
        }
        value = default!;
        return false;
    }

    public IEnumerable<KeyValuePair<TKey, TValue>> Range(TKey from, TKey to)
    {
        var stores = views();
        if (stores.Count == 0) return [];
        var (lower, upper) = (stores[0].Encode(from), stores[0].Encode(to));
        return Merge(stores, s => s.RangeRaw(lower, upper));
    }

    public IEnumerable<KeyValuePair<TKey, TValue>> All()
    {
        var stores = views();
        return stores.Count == 0 ? [] : Merge(stores, s => s.AllRaw());
    }

    public long ApproximateNumEntries
    {
        get
        {
            long total = 0;
            foreach (var store in views())
            {
                total += store.ApproximateNumEntries;
                if (total < 0) return long.MaxValue;
            }
            return total;
        }
    }

    private static IEnumerable<KeyValuePair<TKey, TValue>> Merge(IReadOnlyList<KeyValueReadOnlyView<TKey, TValue>> stores,
        Func<KeyValueReadOnlyView<TKey, TValue>, List<KeyValuePair<Bytes, byte[]>>> read)
    {
        var entries = new List<KeyValuePair<Bytes, byte[]>>();
        foreach (var store in stores) entries.AddRange(read(store));
        if (stores.Count > 1) entries.Sort(static (a, b) => a.Key.CompareTo(b.Key));
        return stores[0].Decode(entries);
    }
}
