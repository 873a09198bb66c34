using System.Diagnostics.Metrics;
using Confluent.Kafka;
using Pulse.Streams.Internal.Processor;

namespace Pulse.Streams.Internal.Runtime;

/// <summary>
/// What the metrics of one stream thread need from its tasks and consumer, published by the thread
/// itself after each processing pass (<see cref="Track"/>) and read by collecting threads.
/// Invariants: the task table is written only by the stream thread and only under the lock, which
/// readers take too; a task's counters stay monotonic per task id while the task closes and returns
/// (the counts of its earlier incarnations are kept in <see cref="TaskCounters"/>).
/// </summary>
internal sealed class ThreadInstruments
{
    private const long LagRefreshMs = 1_000;
    private readonly Lock _gate = new();
    private readonly Dictionary<TaskId, TaskCounters> _tasks = [];
    private PartitionLag[] _lag = [];
    private long _nextLagRefreshMs;
    private volatile int _taskCount;

    public ThreadInstruments(string applicationId, StreamThread thread)
    {
        Thread = thread;
        Tags = [new(StreamsMetrics.Tags.ApplicationId, applicationId), new(StreamsMetrics.Tags.Thread, thread.Name)];
    }

    public StreamThread Thread { get; }

    /// <summary>application.id and thread.</summary>
    public KeyValuePair<string, object?>[] Tags { get; }

    public int TaskCount => _taskCount;

    /// <summary>On the stream thread: notes new task incarnations, and about once a second the consumer lag of every input partition.</summary>
    public void Track(TaskManager tasks, IConsumer<byte[], byte[]> consumer)
    {
        var count = 0;
        foreach (var task in tasks.Tasks)
        {
            count++;
            var metrics = task.Context.Metrics;
            if (_tasks.TryGetValue(task.Id, out var counters) && ReferenceEquals(counters.Current, metrics)) continue;
            lock (_gate)
            {
                if (counters is null) _tasks[task.Id] = new TaskCounters(metrics, [.. Tags, new(StreamsMetrics.Tags.Task, task.Id.ToString())]);
                else counters.Replace(metrics);
            }
        }
        _taskCount = count;
        var now = Environment.TickCount64;
        if (now < _nextLagRefreshMs) return;
        _nextLagRefreshMs = now + LagRefreshMs;
        Volatile.Write(ref _lag, MeasureLag(tasks, consumer));
    }

    public void ObserveTasks(Func<TaskCounters, long> value, List<Measurement<long>> into)
    {
        lock (_gate)
            foreach (var counters in _tasks.Values) into.Add(new Measurement<long>(value(counters), counters.Tags));
    }

    public void ObserveLag(List<Measurement<long>> into)
    {
        foreach (var lag in Volatile.Read(ref _lag)) into.Add(new Measurement<long>(lag.Lag, lag.Tags));
    }

    public void ObserveRestored(List<Measurement<long>> into)
    {
        foreach (var ((task, store), restored) in Thread.Restorer.RestoredByStore)
            into.Add(new Measurement<long>(restored, StoreTags(task, store)));
    }

    public void ObserveRestoring(List<Measurement<long>> into)
    {
        foreach (var progress in Thread.Restorer.ProgressByStore) into.Add(new Measurement<long>(progress.Remaining, StoreTags(progress.Task, progress.Store)));
    }

    private KeyValuePair<string, object?>[] StoreTags(TaskId task, string store) =>
        [.. Tags, new(StreamsMetrics.Tags.Task, task.ToString()), new(StreamsMetrics.Tags.Store, store)];

    /// <summary>
    /// High watermark minus the next offset to process: the first buffered record's, else the consumer's
    /// position. Both come from the consumer's local state (no broker round trip); partitions whose
    /// watermark or position is not known yet are left out.
    /// </summary>
    private PartitionLag[] MeasureLag(TaskManager tasks, IConsumer<byte[], byte[]> consumer)
    {
        var lags = new List<PartitionLag>();
        foreach (var task in tasks.Tasks)
        {
            var committable = task.CommittableOffsets();
            foreach (var tp in task.Inputs)
            {
                try
                {
                    var high = consumer.GetWatermarkOffsets(tp).High;
                    var next = committable.TryGetValue(tp, out var c) ? c : consumer.Position(tp).Value;
                    if (high.IsSpecial || next < 0) continue;
                    lags.Add(new PartitionLag(Math.Max(0, high.Value - next),
                        [.. Tags, new(StreamsMetrics.Tags.Task, task.Id.ToString()), new(StreamsMetrics.Tags.Topic, tp.Topic), new(StreamsMetrics.Tags.Partition, tp.Partition.Value)]));
                }
                catch (KafkaException)
                {
                    // Not assigned (any more): no lag to report for it.
                }
            }
        }
        return [.. lags];
    }

    private sealed record PartitionLag(long Lag, KeyValuePair<string, object?>[] Tags);
}

/// <summary>
/// The counters of one task id on one thread: those of the open incarnation (<see cref="Current"/>, also
/// kept after it closes, its values final) plus those of earlier ones. Guarded by its thread's lock.
/// </summary>
internal sealed class TaskCounters(TaskMetrics current, KeyValuePair<string, object?>[] tags)
{
    private long _dropped, _late, _deadLetters, _deadLetterFailures;

    public TaskMetrics Current { get; private set; } = current;

    /// <summary>application.id, thread and task.</summary>
    public KeyValuePair<string, object?>[] Tags { get; } = tags;

    public long Dropped => _dropped + Current.DroppedRecords;
    public long Late => _late + Current.LateRecordsDropped;
    public long DeadLetters => _deadLetters + Current.DeadLetters;
    public long DeadLetterFailures => _deadLetterFailures + Current.DeadLetterFailures;

    /// <summary>A new incarnation of the task opened: bank the old one's final counts.</summary>
    public void Replace(TaskMetrics next)
    {
        (_dropped, _late, _deadLetters, _deadLetterFailures) = (Dropped, Late, DeadLetters, DeadLetterFailures);
        Current = next;
    }
}
