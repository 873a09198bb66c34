using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Pulse.Streams.Internal.Kafka;

namespace Pulse.Streams.Internal.Runtime;

/// <summary>
/// Commits one stream thread's work: flushes every task and the producer, then commits the input offsets,
/// with the consumer under at-least-once, inside the transaction (plus the offset log) under exactly-once; then, now and then,
/// has what was committed deleted from the repartition topics (<see cref="RepartitionPurger"/>).
/// Invariant: <see cref="Committed"/> holds, per input partition, the offset last committed for it, and a
/// commit happens only when an offset moved or a record was sent since the last one. The commit interval
/// counts from the start of a commit, as Kafka Streams counts it. Not thread-safe: the stream thread owns it.
/// </summary>
internal sealed class ThreadCommitter(
    RuntimeContext runtime, StreamThread thread, TaskManager tasks, KafkaRecordSink sink, IProducer<byte[], byte[]> producer,
    IConsumer<byte[], byte[]> consumer, OffsetLog? offsetLog, ILogger logger, TimeSpan timeout, RepartitionPurger? purger = null)
{
    private readonly Dictionary<TopicPartition, long> _committed = [];
    private long _sentAtLastCommit;
    private long _lastCommitMs = NowMs();

    /// <summary>Called after an aborted transaction: the tasks go back to the last commit.</summary>
    public Action? Rewind { get; set; }

    /// <summary>The offsets last committed, per input partition.</summary>
    public IReadOnlyDictionary<TopicPartition, long> Committed => _committed;

    /// <summary>Whether the commit interval has passed since the last commit began, or a task asked for a commit.</summary>
    public bool Due => NowMs() - _lastCommitMs >= (long)runtime.Config.CommitInterval.TotalMilliseconds || tasks.CommitRequested;

    /// <summary>How long an idle thread waits for records: 100 ms at most, and never past the next commit.</summary>
    public TimeSpan IdleWait()
    {
        var untilCommit = _lastCommitMs + (long)runtime.Config.CommitInterval.TotalMilliseconds - NowMs();
        return TimeSpan.FromMilliseconds(Math.Clamp(untilCommit, 0, 100));
    }

    /// <summary>Starts the clock of the commit interval (when the thread starts its loop).</summary>
    public void Reset() => _lastCommitMs = NowMs();

    /// <summary>
    /// Flushes and commits what moved since the last commit; does nothing when nothing did. Under exactly-once an
    /// aborted transaction rewinds the tasks (<see cref="Rewind"/>) and returns false.
    /// </summary>
    public bool Commit()
    {
        using var timer = runtime.Instrumentation.TimeCommit(thread);
        var started = NowMs();
        var startedAt = runtime.Config.TimeProvider.GetUtcNow(); // the span starts here, though it is only created once there is something to commit
        _lastCommitMs = started;
        var offsets = tasks.PrepareCommit();
        var moved = offsets.Where(kv => !_committed.TryGetValue(kv.Key, out var c) || c != kv.Value).ToDictionary(kv => kv.Key, kv => kv.Value);
        var sent = sink.Sent;
        if (moved.Count == 0 && sent == _sentAtLastCommit) return true;
        using var activity = StreamsTracing.StartThreadActivity(StreamsTracing.Commit, runtime.Config.ApplicationId, thread.Name, startedAt);
        activity?.SetTag(StreamsTracing.Tags.Offsets, moved.Count);
        activity?.SetTag(StreamsTracing.Tags.Records, sent - _sentAtLastCommit);
        activity?.SetTag(StreamsTracing.Tags.Transactional, runtime.ExactlyOnce);
        if (runtime.ExactlyOnce)
        {
            if (!CommitTransaction(moved))
            {
                activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, "transaction aborted; tasks rewound");
                return false;
            }
        }
        else
        {
            sink.Flush(); // once for all tasks: they share the thread's producer
            if (moved.Count > 0 && !CommitOffsets(moved)) return false;
        }
        foreach (var (tp, offset) in moved) _committed[tp] = offset;
        _sentAtLastCommit = sink.Sent; // the offset log's records included
        thread.Metrics.Committed(NowMs() - started);
        purger?.AfterCommit(_committed);
        return true;
    }

    /// <summary>Forgets the committed offsets of <paramref name="partitions"/> (revoked, lost, or rewound).</summary>
    public void Forget(IEnumerable<TopicPartition> partitions)
    {
        foreach (var tp in partitions) _committed.Remove(tp);
    }

    /// <summary>Exactly-once: aborts the open transaction (its writes are dropped) and begins the next.</summary>
    public void AbortTransaction()
    {
        producer.AbortTransaction(timeout);
        producer.BeginTransaction();
        _sentAtLastCommit = sink.Sent;
    }

    /// <summary>
    /// Exactly-once: the offsets go into the transaction while its last records are still in flight
    /// (the producer is flushed after, so the two round trips overlap), then the transaction commits.
    /// False when it had to be aborted: the tasks are rewound to the last commit.
    /// </summary>
    private bool CommitTransaction(Dictionary<TopicPartition, long> moved)
    {
        try
        {
            if (moved.Count > 0)
            {
                offsetLog!.Append(sink, moved, runtime.Config.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds());
                producer.SendOffsetsToTransaction(ToList(moved), consumer.ConsumerGroupMetadata, timeout);
            }
            sink.Flush(); // a failed delivery surfaces here, before the commit
            producer.CommitTransaction(timeout);
            producer.BeginTransaction();
            return true;
        }
        catch (KafkaTxnRequiresAbortException ex)
        {
            logger.LogWarning(ex, "Transaction of {Thread} aborted; rewinding its tasks to the last commit", thread.Name);
            AbortTransaction();
            Rewind?.Invoke();
            _sentAtLastCommit = sink.Sent;
            return false;
        }
    }

    /// <summary>At-least-once: the records are flushed; commits the consumer's offsets and, now and then, the tasks' checkpoints.</summary>
    private bool CommitOffsets(Dictionary<TopicPartition, long> moved)
    {
        try
        {
            consumer.Commit(ToList(moved));
        }
        catch (KafkaException ex) when (!ex.Error.IsFatal)
        {
            // At-least-once: the records are processed and their outputs flushed; a later commit covers them,
            // or, if the partitions move first, their next owner repeats them.
            logger.LogWarning(ex, "{Thread} could not commit offsets ({Reason}); will retry with the next commit", thread.Name, ex.Error.Reason);
            return false;
        }
        tasks.WriteCheckpoints();
        return true;
    }

    private static List<TopicPartitionOffset> ToList(Dictionary<TopicPartition, long> offsets) =>
        offsets.Select(kv => new TopicPartitionOffset(kv.Key, kv.Value)).ToList();

    private static long NowMs() => Environment.TickCount64;
}
