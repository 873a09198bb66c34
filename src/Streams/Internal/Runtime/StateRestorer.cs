using System.Collections.Concurrent;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Pulse.Streams.Errors;
using Pulse.Streams.Internal.Processor;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.Runtime;

/// <summary>
/// Rebuilds a task's stores from their changelog partitions, in batches, from the checkpointed
/// offset (or the beginning) to the end, with a consumer of its own that belongs to no group.
/// A checkpoint counts only for persistent stores: an in-memory store starts empty, so it always
/// restores the whole changelog.
/// Progress (<see cref="RestoredByStore"/>, <see cref="InProgress"/>) is readable from any thread, for metrics.
/// </summary>
internal sealed class StateRestorer(IConsumer<byte[], byte[]> consumer, IStateRestoreListener? listener, ILogger logger, TimeSpan timeout)
{
    private const int BatchSize = 10_000;

    private readonly ConcurrentDictionary<(TaskId Task, string Store), long> _restoredByStore = new();
    private readonly ConcurrentDictionary<(TaskId Task, string Store), RestoreProgress> _progressByStore = new();
    private volatile RestoreProgress? _inProgress;

    public long RestoredRecords { get; private set; }

    /// <summary>Records restored so far, by task and store, updated per batch; 0 for a store that had nothing to restore.</summary>
    public IEnumerable<KeyValuePair<(TaskId Task, string Store), long>> RestoredByStore => _restoredByStore;

    /// <summary>Every store this restorer has restored (or is restoring), with the records it has left: 0 once restored.</summary>
    public IEnumerable<RestoreProgress> ProgressByStore => _progressByStore.Values;

    /// <summary>The store being restored and the records it has left, or null between restores.</summary>
    public RestoreProgress? InProgress => _inProgress;

    /// <summary>
    /// Restores every logged store of <paramref name="task"/>; returns, per changelog partition, the offset the store
    /// now holds up to: where reading stopped, not the high watermark. Under read_committed reading stops at the last
    /// stable offset, before a transaction still open (a crashed instance's, say); a checkpoint of the high watermark
    /// would skip that transaction's records should it commit, so the next restore must read them again.
    /// </summary>
    /// <remarks>
    /// A store whose changelog is its table's source topic is restored only up to the input's committed offset
    /// (<paramref name="committed"/>), as Kafka does: the records after it are processed again, and the table must not be ahead of them.
    /// </remarks>
    public Dictionary<TopicPartition, long> Restore(StreamTask task, IReadOnlyDictionary<TopicPartition, long> checkpoint,
        IReadOnlyDictionary<TopicPartition, long>? committed = null)
    {
        var reached = new Dictionary<TopicPartition, long>();
        foreach (var registration in task.Context.State.Registrations)
        {
            var changelog = new TopicPartition(registration.ChangelogTopic, task.Id.Partition);
            var watermarks = consumer.QueryWatermarkOffsets(changelog, timeout);
            var persistent = task.Context.FindStore(registration.StoreName)?.Persistent ?? false;
            var start = persistent && checkpoint.TryGetValue(changelog, out var c) && c >= watermarks.Low.Value ? c : watermarks.Low.Value;
            var end = watermarks.High.Value;
            if (task.Context.IsSourceChangelog(registration.StoreName))
                end = committed is not null && committed.TryGetValue(changelog, out var processed) ? Math.Min(processed, end) : watermarks.Low.Value;
            _restoredByStore.TryAdd((task.Id, registration.StoreName), 0);
            if (start >= end)
            {
                _progressByStore[(task.Id, registration.StoreName)] = new RestoreProgress(task.Id, registration.StoreName, 0);
                reached[changelog] = end;
                continue;
            }
            var (restored, position) = RestorePartition(task.Id, changelog, registration, start, end);
            RestoredRecords += restored;
            reached[changelog] = position;
        }
        return reached;
    }

    /// <summary>Reads <paramref name="changelog"/> from <paramref name="start"/> towards <paramref name="end"/>; returns the records restored and the position reached.</summary>
    private (long Restored, long Position) RestorePartition(TaskId task, TopicPartition changelog, Internal.State.StateManager.Registration registration, long start, long end)
    {
        var progress = _inProgress = _progressByStore[(task, registration.StoreName)] = new RestoreProgress(task, registration.StoreName, end - start);
        using var activity = StreamsTracing.Source.StartActivity(StreamsTracing.Restore);
        activity?.SetTag(StreamsMetrics.Tags.Task, task.ToString());
        activity?.SetTag(StreamsMetrics.Tags.Store, registration.StoreName);
        activity?.SetTag(StreamsTracing.Tags.Changelog, $"{changelog.Topic}-{changelog.Partition.Value}");
        listener?.OnRestoreStart(changelog, registration.StoreName, start, end);
        logger.LogInformation("Restoring store {Store} from {Changelog} offsets {Start}..{End}", registration.StoreName, changelog, start, end);
        consumer.Assign(new TopicPartitionOffset(changelog, start));
        var batch = new Internal.State.ChangelogBatch(BatchSize);
        long total = 0, lastOffset = start - 1, position = start;
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        try
        {
            while (lastOffset < end - 1)
            {
                var record = consumer.Consume(TimeSpan.FromMilliseconds(500));
                if (record is null)
                {
                    if (Environment.TickCount64 > deadline)
                        throw new ProcessorStateException($"Restoring store '{registration.StoreName}' from {changelog} stalled at offset {lastOffset + 1} of {end}.");
                    continue;
                }
                if (record.IsPartitionEOF)
                {
                    // read_committed: the end as this consumer sees it (the last stable offset); the rest are markers,
                    // aborted records, or a transaction still open.
                    position = Math.Max(position, record.Offset.Value);
                    break;
                }
                deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
                lastOffset = record.Offset.Value;
                position = lastOffset + 1;
                batch.Add(record.Message.Key, record.Message.Value, record.Message.Timestamp.UnixTimestampMs);
                if (batch.Count >= BatchSize) total += Apply(progress, changelog, registration, batch, lastOffset, end);
            }
            total += Apply(progress, changelog, registration, batch, lastOffset, end);
        }
        finally
        {
            _inProgress = null;
            consumer.Unassign();
        }
        progress.Remaining = Math.Max(0, end - position); // 0 unless read_committed stopped before an open transaction
        listener?.OnRestoreEnd(changelog, registration.StoreName, total);
        activity?.SetTag(StreamsTracing.Tags.Records, total);
        return (total, position);
    }

    private long Apply(RestoreProgress progress, TopicPartition changelog, Internal.State.StateManager.Registration registration,
        Internal.State.ChangelogBatch batch, long lastOffset, long end)
    {
        if (batch.Count == 0) return 0;
        registration.RestoreBatch(batch);
        var n = batch.Count;
        _restoredByStore.AddOrUpdate((progress.Task, progress.Store), n, (_, old) => old + n);
        progress.Remaining = end - lastOffset - 1;
        listener?.OnBatchRestored(changelog, registration.StoreName, lastOffset, n);
        batch.Clear();
        return n;
    }
}

/// <summary>A restore in progress: the task and store, and the changelog records it has left (written by the restoring thread, read by metrics).</summary>
internal sealed class RestoreProgress(TaskId task, string store, long remaining)
{
    private long _remaining = remaining;

    public TaskId Task { get; } = task;
    public string Store { get; } = store;

    public long Remaining
    {
        get => Volatile.Read(ref _remaining);
        set => Volatile.Write(ref _remaining, value);
    }
}
