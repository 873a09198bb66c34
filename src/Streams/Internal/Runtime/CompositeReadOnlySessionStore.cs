using Pulse.Streams.Dsl;
using Pulse.Streams.Internal.State;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.Runtime;

/// <summary>
/// One session store as a query sees it: the union of the same-named stores of this instance's tasks,
/// asked afresh on every read (see <see cref="CompositeReadOnlyKeyValueStore{TKey, TValue}"/>). A key
/// lives in one task, so the first store holding sessions of it answers.
/// </summary>
internal sealed class CompositeReadOnlySessionStore<TKey, TAggregate>(Func<IReadOnlyList<SessionReadOnlyView<TKey, TAggregate>>> views)
    : IReadOnlySessionStore<TKey, TAggregate>
{
    public IEnumerable<KeyValuePair<Windowed<TKey>, TAggregate>> FindSessions(TKey key, long earliestSessionEndTime, long latestSessionStartTime)
    {
        var stores = views();
        if (stores.Count == 0) return [];
        var bytes = stores[0].Encode(key);
        foreach (var store in stores)
            if (store.FindSessionsRaw(bytes, earliestSessionEndTime, latestSessionStartTime) is { Count: > 0 } found) return store.Decode(key, found);
        return [];
    }

    public IEnumerable<KeyValuePair<Windowed<TKey>, TAggregate>> Fetch(TKey key) => FindSessions(key, long.MinValue, long.MaxValue);

    public TAggregate? FetchSession(TKey key, long sessionStartTime, long sessionEndTime)
    {
        var stores = views();
        if (stores.Count == 0) return default;
        var bytes = stores[0].Encode(key);
        foreach (var store in stores)
            if (store.FetchSessionRaw(bytes, sessionStartTime, sessionEndTime) is { } found) return store.DecodeValue(found);
        return default;
    }
}
