using Pulse.Streams.Dsl;

namespace Pulse.Streams.State;

/// <summary>
/// Reads of a session store: aggregates per key and session [start, end] (both inclusive). Results
/// of one key come oldest end first, then by start.
/// </summary>
public interface IReadOnlySessionStore<TKey, TAggregate>
{
    /// <summary>
    /// The sessions of <paramref name="key"/> that end at or after <paramref name="earliestSessionEndTime"/> and start
    /// at or before <paramref name="latestSessionStartTime"/>: the sessions that overlap that range.
    /// </summary>
    IEnumerable<KeyValuePair<Windowed<TKey>, TAggregate>> FindSessions(TKey key, long earliestSessionEndTime, long latestSessionStartTime);

    /// <summary>Every retained session of <paramref name="key"/>.</summary>
    IEnumerable<KeyValuePair<Windowed<TKey>, TAggregate>> Fetch(TKey key);

    /// <summary>The aggregate of the session of <paramref name="key"/> that is exactly [<paramref name="sessionStartTime"/>, <paramref name="sessionEndTime"/>], or default.</summary>
    TAggregate? FetchSession(TKey key, long sessionStartTime, long sessionEndTime);
}

/// <summary>
/// A session store, as Kafka's <c>SessionStore</c>: aggregates per key and session, kept for a
/// retention period measured in stream time (the largest session end put so far); a session whose
/// end is at or before stream time minus retention is dropped, and writes to it are ignored.
/// </summary>
public interface ISessionStore<TKey, TAggregate> : IStateStore, IReadOnlySessionStore<TKey, TAggregate>
{
    /// <summary>Puts the aggregate of the session <paramref name="sessionKey"/>; null removes it.</summary>
    void Put(Windowed<TKey> sessionKey, TAggregate? aggregate);

    /// <summary>Removes the session <paramref name="sessionKey"/> (its exact start and end).</summary>
    void Remove(Windowed<TKey> sessionKey);
}
