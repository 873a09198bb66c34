namespace Pulse.Streams.Internal.Runtime.Standby;

/// <summary>
/// What one instance knows of the others: the latest <see cref="MemberRecord"/> of every instance read from the
/// members topic, in topic order (a tombstone removes the instance). An instance is live while its last
/// heartbeat is younger than the timeout. Written by the membership thread only; read from any thread through
/// an immutable snapshot replaced on every change.
/// </summary>
internal sealed class MembershipView(TimeSpan timeout)
{
    private volatile Dictionary<string, MemberRecord> _members = new(StringComparer.Ordinal);

    /// <summary>Bumped whenever a member appears, leaves, or changes its active tasks or address (what placement and queries read; not on a bare heartbeat).</summary>
    public int Version { get; private set; }

    /// <summary>Applies the record of <paramref name="instanceId"/> read from the topic; null is a tombstone.</summary>
    public void Apply(string instanceId, MemberRecord? record)
    {
        var members = _members;
        members.TryGetValue(instanceId, out var old);
        if (record is null && old is null) return;
        var next = new Dictionary<string, MemberRecord>(members, StringComparer.Ordinal);
        if (record is null) next.Remove(instanceId);
        else next[instanceId] = record;
        _members = next;
        if (old is null || record is null || old.ApplicationServer != record.ApplicationServer || !old.Active.SequenceEqual(record.Active))
            Version++;
    }

    /// <summary>The members whose last heartbeat is younger than the timeout at <paramref name="nowMs"/>.</summary>
    public IReadOnlyList<MemberRecord> Live(long nowMs) =>
        _members.Values.Where(m => nowMs - m.TimestampMs < (long)timeout.TotalMilliseconds).OrderBy(m => m.InstanceId, StringComparer.Ordinal).ToList();
}
