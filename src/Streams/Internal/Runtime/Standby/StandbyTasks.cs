using System.Collections.Concurrent;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Pulse.Streams.Internal.Processor;

namespace Pulse.Streams.Internal.Runtime.Standby;

/// <summary>
/// The standby tasks of one instance, and the tasks its stream threads hold actively (their claims).
/// The membership thread opens and closes standbys to match the placement and applies changelog records
/// to them; a stream thread claims a task before it creates it, which closes the standby of that task at
/// once (checkpointed), so the active task takes over the directory and restores only the tail.
/// Invariants: every method runs under one lock; no task is at once claimed and open as a standby;
/// records of a standby's changelogs that arrive after it closed are dropped, and <see cref="TakeReleased"/>
/// tells the membership thread to reassign its consumer.
/// </summary>
internal sealed class StandbyTasks
{
    private readonly RuntimeContext _runtime;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<int, HashSet<TaskId>> _claims = [];
    private readonly Dictionary<TaskId, StandbyTask> _open = [];
    private readonly Dictionary<TopicPartition, StandbyTask> _byChangelog = [];
    private readonly Dictionary<int, Subtopology> _keepable = [];
    private readonly ConcurrentDictionary<(TaskId Task, string Store), long> _applied = new();
    private volatile TaskId[] _openSnapshot = [];
    private volatile TaskId[] _claimedSnapshot = [];
    private int _claimsVersion;
    private bool _released;

    public StandbyTasks(RuntimeContext runtime, ILogger logger)
    {
        _runtime = runtime;
        _logger = logger;
        foreach (var (sub, _) in runtime.TasksPerSubtopology)
            if (StandbyTask.CanKeep(sub)) _keepable[sub.Id] = sub;
    }

    /// <summary>Every task a standby could keep: those of sub-topologies with a persistent, logged store.</summary>
    public IEnumerable<TaskId> Keepable => _runtime.TasksPerSubtopology.Where(t => _keepable.ContainsKey(t.Sub.Id))
        .SelectMany(t => Enumerable.Range(0, t.Tasks).Select(p => new TaskId(t.Sub.Id, p)));

    /// <summary>The open standby tasks, ordered; safe from any thread.</summary>
    public IReadOnlyList<TaskId> Open => _openSnapshot;

    /// <summary>The tasks the stream threads claim, ordered; safe from any thread.</summary>
    public IReadOnlyList<TaskId> Claimed => _claimedSnapshot;

    /// <summary>Changes whenever a stream thread's claims change (for the membership thread to republish).</summary>
    public int ClaimsVersion => Volatile.Read(ref _claimsVersion);

    /// <summary>Changelog records applied to standby stores, by task and store (monotonic); safe from any thread.</summary>
    public IEnumerable<KeyValuePair<(TaskId Task, string Store), long>> Applied => _applied;

    /// <summary>
    /// Stream thread <paramref name="thread"/> holds (or is about to create) exactly <paramref name="tasks"/>:
    /// standbys of those tasks close now, checkpointed; tasks it no longer claims may become standbys again.
    /// </summary>
    public void Claim(int thread, IEnumerable<TaskId> tasks)
    {
        var claimed = tasks.ToHashSet();
        lock (_gate)
        {
            if (_claims.TryGetValue(thread, out var old) && old.SetEquals(claimed)) return;
            if (claimed.Count == 0) _claims.Remove(thread);
            else _claims[thread] = claimed;
            foreach (var id in claimed.Where(_open.ContainsKey).ToList()) Close(id, clean: true, "it becomes active here");
            _claimedSnapshot = Sorted(_claims.Values.SelectMany(c => c).Distinct());
            Interlocked.Increment(ref _claimsVersion);
        }
    }

    /// <summary>
    /// Opens and closes standbys to match <paramref name="desired"/> (claimed tasks are skipped); true when it
    /// opened one. A task whose directory another owner still holds is left for a later call.
    /// </summary>
    public bool Reconcile(IReadOnlySet<TaskId> desired)
    {
        var opened = false;
        lock (_gate)
        {
            foreach (var id in _open.Keys.Where(id => !desired.Contains(id)).ToList()) Close(id, clean: true, "the placement moved it elsewhere");
            var claimed = _claims.Values.SelectMany(c => c).ToHashSet();
            foreach (var id in desired.Where(id => !_open.ContainsKey(id) && !claimed.Contains(id) && _keepable.ContainsKey(id.Subtopology)))
            {
                StandbyTask? standby;
                try
                {
                    standby = StandbyTask.TryOpen(_runtime, _keepable[id.Subtopology], id, _logger);
                }
                catch (Exception ex)
                {
                    // A standby is an optimisation: the instance goes on without this one and tries again at the next placement.
                    _logger.LogWarning(ex, "Standby task {Task} could not open its stores", id);
                    continue;
                }
                if (standby is null) continue;
                _open[id] = standby;
                foreach (var (changelog, _) in standby.Changelogs) _byChangelog[changelog] = standby;
                opened = true;
                _logger.LogInformation("Standby task {Task} opened, reading {Changelogs}", id, string.Join(", ", standby.ReadOffsets()));
            }
            Publish();
        }
        return opened;
    }

    /// <summary>True when a standby closed since the last call: the consumer should stop reading its changelogs.</summary>
    public bool TakeReleased()
    {
        lock (_gate)
        {
            var any = _released;
            _released = false;
            return any;
        }
    }

    /// <summary>Every changelog partition the open standbys read, from where each is up to.</summary>
    public List<TopicPartitionOffset> Assignment()
    {
        lock (_gate) return [.. _open.Values.SelectMany(s => s.ReadOffsets())];
    }

    /// <summary>Applies changelog records (in offset order per partition) to their standbys; records of partitions no standby holds any more are dropped.</summary>
    public void Apply(List<ConsumeResult<byte[], byte[]>> records)
    {
        if (records.Count == 0) return;
        lock (_gate)
        {
            foreach (var partition in records.GroupBy(r => r.TopicPartition))
            {
                if (!_byChangelog.TryGetValue(partition.Key, out var standby)) continue;
                var batch = new Internal.State.ChangelogBatch();
                foreach (var r in partition) batch.Add(r.Message.Key, r.Message.Value, r.Message.Timestamp.UnixTimestampMs);
                var n = standby.Apply(partition.Key, batch, partition.Last().Offset.Value);
                _applied.AddOrUpdate((standby.Id, standby.StoreOf(partition.Key)), n, (_, old) => old + n);
            }
        }
    }

    /// <summary>Checkpoints the standbys that applied enough since their last checkpoint (all of them when <paramref name="force"/>).</summary>
    public void Checkpoint(bool force)
    {
        lock (_gate)
            foreach (var standby in _open.Values.Where(s => force || s.CheckpointDue)) standby.Checkpoint();
    }

    /// <summary>Per open standby's changelog partition: the store and the next offset to apply (null until known).</summary>
    public List<(TaskId Task, string Store, TopicPartition Changelog, long? Position)> Positions()
    {
        lock (_gate)
            return [.. _open.Values.SelectMany(s => s.Changelogs.Select(c => (s.Id, c.Store, c.Changelog, s.Positions.TryGetValue(c.Changelog, out var p) ? p : (long?)null)))];
    }

    /// <summary>Runs <paramref name="read"/> on the open standby of <paramref name="task"/> while nothing is applied to it (tests, diagnostics); null when it is not open.</summary>
    public T? Read<T>(TaskId task, Func<StandbyTask, T> read) where T : class
    {
        lock (_gate) return _open.TryGetValue(task, out var standby) ? read(standby) : null;
    }

    /// <summary>Closes every standby: checkpointed when <paramref name="clean"/>; as a crash would otherwise.</summary>
    public void CloseAll(bool clean)
    {
        lock (_gate)
        {
            foreach (var id in _open.Keys.ToList()) Close(id, clean, clean ? "the instance is closing" : "the instance stops");
        }
    }

    private void Close(TaskId id, bool clean, string why)
    {
        var standby = _open[id];
        _open.Remove(id);
        foreach (var (changelog, _) in standby.Changelogs) _byChangelog.Remove(changelog);
        _released = true;
        Publish();
        try
        {
            standby.Close(clean);
            _logger.LogInformation("Standby task {Task} closed ({How}): {Why}", id, clean ? "checkpointed" : "dirty", why);
        }
        catch (Exception ex)
        {
            // The directory is let go of all the same; without a fresh checkpoint the next owner restores more, nothing worse.
            _logger.LogWarning(ex, "Closing standby task {Task} failed ({Why})", id, why);
        }
    }

    private void Publish() => _openSnapshot = Sorted(_open.Keys);

    private static TaskId[] Sorted(IEnumerable<TaskId> tasks) => [.. tasks.OrderBy(t => t.Subtopology).ThenBy(t => t.Partition)];
}
