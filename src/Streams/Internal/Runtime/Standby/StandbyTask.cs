using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Pulse.Streams.Errors;
using Pulse.Streams.Internal.Processor;
using Pulse.Streams.Internal.State;

namespace Pulse.Streams.Internal.Runtime.Standby;

/// <summary>
/// A task kept warm on an instance that does not run it: the task's persistent stores, open in its normal
/// state directory (under the directory's lock), fed from their changelogs through the stores' restore
/// callbacks; no processor runs. <see cref="Positions"/> holds, per changelog partition, the next offset to
/// apply. Invariants: a checkpoint is written only after the stores are flushed, and never names an offset
/// past what they hold, so the task, once active here, restores only what follows it. In-memory stores are
/// left out: they start empty whenever a task opens, so a standby cannot keep them.
/// </summary>
internal sealed class StandbyTask
{
    private const long CheckpointEveryRecords = 10_000;
    private readonly TaskDirectory _directory;
    private readonly Dictionary<TopicPartition, StateManager.Registration> _byChangelog = [];
    private readonly Dictionary<TopicPartition, long> _positions = [];
    private long _appliedSinceCheckpoint;

    private StandbyTask(TaskId id, StreamTask task, TaskDirectory directory)
    {
        Id = id;
        Task = task;
        _directory = directory;
    }

    public TaskId Id { get; }

    /// <summary>The task whose stores this standby holds (stores open, topology never initialised).</summary>
    public StreamTask Task { get; }

    /// <summary>The changelog partitions read, each with the store it feeds.</summary>
    public IEnumerable<(TopicPartition Changelog, string Store)> Changelogs => _byChangelog.Select(kv => (kv.Key, kv.Value.StoreName));

    /// <summary>Per changelog partition, the next offset to apply (known once checkpointed or applied).</summary>
    public IReadOnlyDictionary<TopicPartition, long> Positions => _positions;

    /// <summary>True once enough was applied since the last checkpoint to make writing one worth a store flush.</summary>
    public bool CheckpointDue => _appliedSinceCheckpoint > CheckpointEveryRecords;

    /// <summary>True when the sub-topology has a store a standby can keep: persistent and logged.</summary>
    public static bool CanKeep(Subtopology sub) =>
        sub.Stores.Any(s => s.Builder.LoggingEnabled && s.Builder.Build() is { Persistent: true }); // an unopened store only tells its kind

    /// <summary>Locks the task's directory (without waiting: null when another owner has it) and opens its stores.</summary>
    public static StandbyTask? TryOpen(RuntimeContext runtime, Subtopology sub, TaskId id, ILogger logger)
    {
        TaskDirectory directory;
        try
        {
            directory = TaskDirectory.Lock(runtime.Config, id, TimeSpan.Zero);
        }
        catch (ProcessorStateException)
        {
            logger.LogDebug("Standby task {Task} waits: its state directory is held by another owner", id);
            return null;
        }
        try
        {
            var inputs = sub.SourceTopics.Select(t => new TopicPartition(runtime.Resolve(t), id.Partition)).Where(tp => id.Partition < runtime.Partitions[tp.Topic]);
            var task = new StreamTask(id, runtime.Builder.Build(sub, runtime.Resolve), runtime.Config, new NoSink(id), new ThreadCache(0), inputs, runtime.Resolve);
            var checkpoint = directory.ReadCheckpoint();
            // As for an active task: under exactly-once, state left without a checkpoint may hold aborted writes.
            if (runtime.ExactlyOnce && checkpoint.Count == 0) directory.Wipe();
            task.InitializeStores();
            var standby = new StandbyTask(id, task, directory);
            foreach (var registration in task.Context.State.Registrations)
            {
                if (task.Context.FindStore(registration.StoreName) is not { Persistent: true }) continue;
                var changelog = new TopicPartition(registration.ChangelogTopic, id.Partition);
                standby._byChangelog[changelog] = registration;
                if (checkpoint.TryGetValue(changelog, out var offset)) standby._positions[changelog] = offset;
            }
            return standby;
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    /// <summary>Where to read each changelog from: the next offset to apply (checkpointed or reached), else the beginning.</summary>
    public IEnumerable<TopicPartitionOffset> ReadOffsets() =>
        _byChangelog.Keys.Select(tp => new TopicPartitionOffset(tp, _positions.TryGetValue(tp, out var o) ? new Offset(o) : Offset.Beginning));

    /// <summary>Applies consecutive records of one changelog partition through the store's restore callback; returns how many.</summary>
    public int Apply(TopicPartition changelog, List<KeyValuePair<byte[], byte[]?>> batch, long lastOffset)
    {
        if (batch.Count == 0 || !_byChangelog.TryGetValue(changelog, out var registration)) return 0;
        registration.RestoreBatch(batch);
        _positions[changelog] = lastOffset + 1;
        _appliedSinceCheckpoint += batch.Count;
        return batch.Count;
    }

    /// <summary>The store a changelog partition feeds.</summary>
    public string StoreOf(TopicPartition changelog) => _byChangelog[changelog].StoreName;

    /// <summary>Makes the stores durable, then records how far they reflect the changelogs.</summary>
    public void Checkpoint()
    {
        Task.FlushStores();
        _directory.WriteCheckpoint(_positions);
        _appliedSinceCheckpoint = 0;
    }

    /// <summary>Closes the stores and lets go of the directory; a clean close checkpoints first, so the task restores only the tail when it becomes active here.</summary>
    public void Close(bool clean)
    {
        try
        {
            if (clean) Checkpoint();
            Task.Close(clean);
        }
        finally
        {
            _directory.Dispose();
        }
    }

    /// <summary>A standby runs no processor and so sends nothing; a write reaching here is a bug.</summary>
    private sealed class NoSink(TaskId id) : IRecordSink
    {
        public int? PartitionsFor(string topic) => null;

        public void Send(string topic, int? partition, byte[]? key, byte[]? value, Headers? headers, long timestamp) =>
            throw new StreamsException($"Standby task {id} tried to write to '{topic}'; standby tasks only apply changelogs.");

        public void Flush() { }
    }
}
