using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Pulse.Streams.Internal.Kafka;
using Pulse.Streams.Internal.Processor;
using Pulse.Streams.Internal.State;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.Runtime;

/// <summary>
/// The tasks of one stream thread. A task exists while every input partition it reads is
/// assigned to the thread; it is created, restored from its changelogs, and then processes.
/// Invariant: each assigned input partition maps to at most one task, and each task holds the
/// lock of its state directory while it is open.
/// </summary>
internal sealed class TaskManager(RuntimeContext runtime, KafkaRecordSink sink, ThreadCache cache, StateRestorer restorer, ILogger logger)
{
    private readonly Dictionary<TaskId, (StreamTask Task, TaskDirectory Directory)> _tasks = [];
    private readonly Dictionary<TopicPartition, StreamTask> _byPartition = [];
    private readonly HashSet<TopicPartition> _assigned = [];
    private volatile StreamTask[] _snapshot = [];

    public IEnumerable<StreamTask> Tasks => _tasks.Values.Select(t => t.Task);

    /// <summary>The open, restored tasks, as an immutable list other threads may read (interactive queries); replaced on every change.</summary>
    public IReadOnlyList<StreamTask> Snapshot => _snapshot;

    public int Count => _tasks.Count;

    public IReadOnlyCollection<TopicPartition> Assigned => _assigned;

    /// <summary>Adds partitions; creates and restores every task whose inputs are now all assigned.</summary>
    /// <summary>
    /// Adds partitions and creates the tasks they complete; <paramref name="committed"/> (the committed offsets of the inputs) bounds
    /// the restore of a store whose changelog is its table's source topic.
    /// </summary>
    public void Assign(IEnumerable<TopicPartition> partitions, IReadOnlyDictionary<TopicPartition, long>? committed = null)
    {
        _assigned.UnionWith(partitions);
        foreach (var (sub, count) in runtime.TasksPerSubtopology)
            for (var p = 0; p < count; p++)
            {
                var id = new TaskId(sub.Id, p);
                if (_tasks.ContainsKey(id)) continue;
                var inputs = sub.SourceTopics.Select(t => new TopicPartition(runtime.Resolve(t), p))
                    .Where(tp => p < runtime.Partitions[tp.Topic]).ToList();
                if (inputs.Count > 0 && inputs.All(_assigned.Contains)) CreateTask(id, sub, inputs, committed);
            }
    }

    /// <summary>The tasks that read any of <paramref name="partitions"/> (those an assignment of them may create).</summary>
    public IEnumerable<TaskId> TasksReading(IEnumerable<TopicPartition> partitions)
    {
        var given = partitions.ToHashSet();
        foreach (var (sub, count) in runtime.TasksPerSubtopology)
            for (var p = 0; p < count; p++)
                if (sub.SourceTopics.Any(t => given.Contains(new TopicPartition(runtime.Resolve(t), p)))) yield return new TaskId(sub.Id, p);
    }

    /// <summary>Removes partitions: their tasks commit (when <paramref name="clean"/>) and close.</summary>
    public IReadOnlyList<StreamTask> Revoke(IEnumerable<TopicPartition> partitions, bool clean)
    {
        var revoked = partitions.ToList();
        _assigned.ExceptWith(revoked);
        var closing = revoked.Where(_byPartition.ContainsKey).Select(tp => _byPartition[tp]).Distinct().ToList();
        foreach (var task in closing) CloseTask(task, clean);
        return closing;
    }

    public void AddRecord(ConsumeResult<byte[], byte[]> record)
    {
        if (_byPartition.TryGetValue(record.TopicPartition, out var task)) task.AddRecord(record.TopicPartition, record);
    }

    /// <summary>The consumer reached the end of <paramref name="partition"/>: a task waiting on it may go on.</summary>
    public void FetchedToEnd(TopicPartition partition)
    {
        if (_byPartition.TryGetValue(partition, out var task)) task.FetchedToEnd(partition);
    }

    /// <summary>Processes up to <paramref name="maxPerTask"/> records per task; returns how many were processed.</summary>
    public int Process(int maxPerTask)
    {
        var total = 0;
        foreach (var (task, _) in _tasks.Values)
        {
            var n = 0;
            while (n < maxPerTask && task.Process())
            {
                n++;
                task.MaybePunctuateStreamTime();
            }
            total += n;
        }
        return total;
    }

    public void PunctuateWallClock()
    {
        foreach (var (task, _) in _tasks.Values) task.MaybePunctuateSystemTime();
    }

    public bool CommitRequested => _tasks.Values.Any(t => t.Task.CommitRequested);

    /// <summary>Flushes every task (caches, stores, producer); returns the input offsets to commit.</summary>
    public Dictionary<TopicPartition, long> PrepareCommit()
    {
        var offsets = new Dictionary<TopicPartition, long>();
        foreach (var (task, _) in _tasks.Values)
        {
            task.FlushCaches();
            foreach (var (tp, offset) in task.CommittableOffsets()) offsets[tp] = offset;
        }
        return offsets;
    }

    /// <summary>
    /// After a commit under at-least-once: once more than 10,000 changelog records were written
    /// since a task's last checkpoint, flush its stores and record how far the changelogs are
    /// reflected locally (as Kafka does: flushing RocksDB on every commit costs more than it saves).
    /// </summary>
    public void WriteCheckpoints()
    {
        foreach (var (task, directory) in _tasks.Values)
        {
            var offsets = ChangelogOffsets(task, directory);
            var last = _checkpointed.GetValueOrDefault(task.Id);
            var delta = offsets.Sum(kv => kv.Value - (last?.GetValueOrDefault(kv.Key) ?? 0));
            if (last is not null && delta <= 10_000) continue;
            task.FlushStores();
            directory.WriteCheckpoint(offsets);
            _checkpointed[task.Id] = new Dictionary<TopicPartition, long>(offsets);
        }
    }

    private readonly Dictionary<TaskId, Dictionary<TopicPartition, long>> _checkpointed = [];

    /// <summary>Closes every task without committing, for a crash or an aborted transaction; their local state is wiped when <paramref name="wipe"/>.</summary>
    public void CloseAllDirty(bool wipe)
    {
        foreach (var task in _tasks.Values.Select(t => t.Task).ToList()) CloseTask(task, clean: false, wipe);
    }

    public void CloseAll(bool clean)
    {
        foreach (var task in _tasks.Values.Select(t => t.Task).ToList()) CloseTask(task, clean);
    }

    private void CreateTask(TaskId id, Subtopology sub, List<TopicPartition> inputs, IReadOnlyDictionary<TopicPartition, long>? committed)
    {
        var directory = TaskDirectory.Lock(runtime.Config, id, runtime.StateDirLockTimeout, logger);
        try
        {
            var task = new StreamTask(id, runtime.Builder.Build(sub, runtime.Resolve), runtime.Config, sink, cache, inputs, runtime.Resolve);
            task.Context.GlobalStores = runtime.GlobalStoreViews;
            task.Readiness = new InputReadiness(runtime.Config.MaxTaskIdle, runtime.Config.TimeProvider);
            var checkpoint = directory.ReadCheckpoint();
            if (runtime.ExactlyOnce)
            {
                // Under exactly-once only a clean close leaves a checkpoint; without one the local state may hold aborted writes.
                if (checkpoint.Count == 0) directory.Wipe();
                directory.DeleteCheckpoint();
            }
            task.InitializeStores();
            _changelogOffsets[id] = restorer.Restore(task, checkpoint, committed);
            task.InitializeTopology();
            _tasks[id] = (task, directory);
            _snapshot = [.. _tasks.Values.Select(t => t.Task)];
            foreach (var tp in inputs) _byPartition[tp] = task;
            logger.LogInformation("Task {Task} created for {Partitions}", id, string.Join(", ", inputs));
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    private readonly Dictionary<TaskId, Dictionary<TopicPartition, long>> _changelogOffsets = [];

    private Dictionary<TopicPartition, long> ChangelogOffsets(StreamTask task, TaskDirectory directory)
    {
        var offsets = _changelogOffsets.GetValueOrDefault(task.Id) ?? [];
        foreach (var registration in task.Context.State.Registrations)
        {
            var tp = new TopicPartition(registration.ChangelogTopic, task.Id.Partition);
            if (task.Context.IsSourceChangelog(registration.StoreName))
            {
                // The store holds the source topic up to the records processed.
                if (task.CommittableOffsets().TryGetValue(tp, out var processed)) offsets[tp] = processed;
            }
            else if (sink.NextOffsetAfterDelivered(tp) is long next) offsets[tp] = next;
        }
        _changelogOffsets[task.Id] = offsets;
        return offsets;
    }

    private void CloseTask(StreamTask task, bool clean, bool wipe = false)
    {
        var (_, directory) = _tasks[task.Id];
        _snapshot = [.. _snapshot.Where(t => t != task)]; // queries stop finding it before its stores close
        try
        {
            if (clean)
            {
                task.PrepareCommit();
                task.FlushStores();
                directory.WriteCheckpoint(ChangelogOffsets(task, directory));
            }
            task.Close(clean);
            if (wipe) directory.Wipe();
        }
        finally
        {
            directory.Dispose();
            _tasks.Remove(task.Id);
            _changelogOffsets.Remove(task.Id);
            _checkpointed.Remove(task.Id);
            foreach (var tp in task.Inputs) _byPartition.Remove(tp);
            logger.LogInformation("Task {Task} closed ({How})", task.Id, clean ? "clean" : "dirty");
        }
    }
}
