using Pulse.Streams.Dsl;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.State;

/// <summary>
/// An in-memory session store, as Kafka's: stream time is the largest session end put so far, and a
/// session is live while its end is greater than stream time minus the retention period.
/// Invariants: only live sessions are held (expired ones are evicted as stream time advances, and
/// puts to them are ignored); a session is in <c>_values</c> exactly when it is in
/// <c>_sessionsByKey[key]</c> and in <c>_byEnd</c>; no empty sets are kept.
/// </summary>
internal sealed class InMemorySessionStore(string name, long retentionMs) : ISessionStore<Bytes, byte[]>
{
    private readonly Dictionary<Windowed<Bytes>, byte[]> _values = [];
    private readonly Dictionary<Bytes, SortedSet<(long End, long Start)>> _sessionsByKey = [];
    private readonly SortedSet<(long End, Bytes Key, long Start)> _byEnd = [];
    private long _observedStreamTime = long.MinValue;

    public string Name { get; } = name;
    public bool Persistent => false;
    public bool IsOpen { get; private set; }

    /// <summary>The smallest live session end.</summary>
    private long MinLiveEnd => _observedStreamTime <= long.MinValue + retentionMs ? long.MinValue : _observedStreamTime - retentionMs + 1;

    public void Init(IStateStoreContext context, IStateStore root)
    {
        context.Register(root, batch =>
        {
            foreach (var (k, v) in batch) Put(SessionKeySchema.FromBinary(k), v);
        });
        IsOpen = true;
    }

    public void Put(Windowed<Bytes> sessionKey, byte[]? aggregate)
    {
        var end = sessionKey.Window.EndMs;
        if (end > _observedStreamTime)
        {
            _observedStreamTime = end;
            EvictExpired();
        }
        if (end < MinLiveEnd) return;
        if (aggregate is null)
        {
            Remove(sessionKey);
            return;
        }
        if (_values.TryAdd(sessionKey, aggregate))
        {
            if (!_sessionsByKey.TryGetValue(sessionKey.Key, out var sessions)) _sessionsByKey[sessionKey.Key] = sessions = [];
            sessions.Add((end, sessionKey.Window.StartMs));
            _byEnd.Add((end, sessionKey.Key, sessionKey.Window.StartMs));
        }
        else _values[sessionKey] = aggregate;
    }

    public void Remove(Windowed<Bytes> sessionKey)
    {
        if (!_values.Remove(sessionKey)) return;
        var (key, (start, end)) = (sessionKey.Key, sessionKey.Window);
        var sessions = _sessionsByKey[key];
        sessions.Remove((end, start));
        if (sessions.Count == 0) _sessionsByKey.Remove(key);
        _byEnd.Remove((end, key, start));
    }

    public IEnumerable<KeyValuePair<Windowed<Bytes>, byte[]>> FindSessions(Bytes key, long earliestSessionEndTime, long latestSessionStartTime)
    {
        var from = Math.Max(earliestSessionEndTime, MinLiveEnd);
        if (!_sessionsByKey.TryGetValue(key, out var sessions)) return [];
        // A snapshot, so callers may write while they iterate (as with RocksDB iterators).
        var result = new List<KeyValuePair<Windowed<Bytes>, byte[]>>();
        foreach (var (end, start) in sessions.GetViewBetween((from, long.MinValue), (long.MaxValue, long.MaxValue)))
        {
            if (start > latestSessionStartTime) continue;
            var session = new Windowed<Bytes>(key, new Window(start, end));
            result.Add(new(session, _values[session]));
        }
        return result;
    }

    public IEnumerable<KeyValuePair<Windowed<Bytes>, byte[]>> Fetch(Bytes key) => FindSessions(key, long.MinValue, long.MaxValue);

    public byte[]? FetchSession(Bytes key, long sessionStartTime, long sessionEndTime) =>
        sessionEndTime < MinLiveEnd ? null : _values.GetValueOrDefault(new Windowed<Bytes>(key, new Window(sessionStartTime, sessionEndTime)));

    public void Flush() { }

    public void Close()
    {
        _values.Clear();
        _sessionsByKey.Clear();
        _byEnd.Clear();
        _observedStreamTime = long.MinValue;
        IsOpen = false;
    }

    /// <summary>Drops every session that ends before <see cref="MinLiveEnd"/>, oldest end first.</summary>
    private void EvictExpired()
    {
        var minLive = MinLiveEnd;
        while (_byEnd.Count > 0 && _byEnd.Min is var (end, key, start) && end < minLive)
            Remove(new Windowed<Bytes>(key, new Window(start, end)));
    }
}
