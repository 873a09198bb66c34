using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Pulse.Streams.Internal.Runtime;

/// <summary>Commit, rebalance and shutdown paths of <see cref="StreamThread"/>.</summary>
internal sealed partial class StreamThread
{
    private readonly Dictionary<TopicPartition, long> _committed = [];
    private long _sentAtLastCommit;

    /// <summary>An activity of this thread (null unless something listens), tagged with the application and the thread.</summary>
    private System.Diagnostics.Activity? StartActivity(string name, DateTimeOffset startTime = default)
    {
        var activity = StreamsTracing.Source.StartActivity(name, System.Diagnostics.ActivityKind.Internal, parentContext: default, startTime: startTime);
        activity?.SetTag(StreamsMetrics.Tags.ApplicationId, _runtime.Config.ApplicationId);
        activity?.SetTag(StreamsMetrics.Tags.Thread, Name);
        return activity;
    }

    private System.Diagnostics.Activity? StartRebalanceActivity(string change, List<TopicPartition> partitions)
    {
        var activity = StartActivity(StreamsTracing.Rebalance);
        activity?.SetTag(StreamsTracing.Tags.Change, change);
        activity?.SetTag(StreamsTracing.Tags.Partitions, string.Join(",", partitions.Select(p => $"{p.Topic}-{p.Partition.Value}")));
        return activity;
    }

    /// <summary>
    /// Flushes every task and the producer, then commits the input offsets: with the consumer
    /// under at-least-once, inside the transaction (plus the offset log) under exactly-once.
    /// Does nothing when no offset moved and nothing was sent since the last commit.
    /// The commit interval counts from the start of a commit, as Kafka Streams counts it.
    /// </summary>
    private void Commit()
    {
        using var timer = _runtime.Instrumentation.TimeCommit(this);
        var started = NowMs();
        var startedAt = _runtime.Config.TimeProvider.GetUtcNow(); // the span starts here, though it is only created once there is something to commit
        _lastCommitMs = started;
        var offsets = _tasks.PrepareCommit();
        var moved = offsets.Where(kv => !_committed.TryGetValue(kv.Key, out var c) || c != kv.Value).ToDictionary(kv => kv.Key, kv => kv.Value);
        var sent = _sink.Sent;
        if (moved.Count == 0 && sent == _sentAtLastCommit) return;
        using var activity = StartActivity(StreamsTracing.Commit, startedAt);
        activity?.SetTag(StreamsTracing.Tags.Offsets, moved.Count);
        activity?.SetTag(StreamsTracing.Tags.Records, sent - _sentAtLastCommit);
        activity?.SetTag(StreamsTracing.Tags.Transactional, _runtime.ExactlyOnce);
        if (_runtime.ExactlyOnce)
        {
            if (!CommitTransaction(moved))
            {
                activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, "transaction aborted; tasks rewound");
                return;
            }
        }
        else
        {
            _sink.Flush(); // once for all tasks: they share the thread's producer
            if (moved.Count > 0 && !CommitOffsets(moved)) return;
        }
        foreach (var (tp, offset) in moved) _committed[tp] = offset;
        _sentAtLastCommit = _sink.Sent; // the offset log's records included
        Metrics.Committed(NowMs() - started);
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
                _offsetLog!.Append(_sink, moved, _runtime.Config.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds());
                _producer.SendOffsetsToTransaction(ToList(moved), _consumer.ConsumerGroupMetadata, _timeout);
            }
            _sink.Flush(); // a failed delivery surfaces here, before the commit
            _producer.CommitTransaction(_timeout);
            _producer.BeginTransaction();
            return true;
        }
        catch (KafkaTxnRequiresAbortException ex)
        {
            _logger.LogWarning(ex, "Transaction of {Thread} aborted; rewinding its tasks to the last commit", Name);
            _producer.AbortTransaction(_timeout);
            _producer.BeginTransaction();
            Rewind();
            _sentAtLastCommit = _sink.Sent;
            return false;
        }
    }

    /// <summary>At-least-once: the records are flushed; commits the consumer's offsets and, now and then, the tasks' checkpoints.</summary>
    private bool CommitOffsets(Dictionary<TopicPartition, long> moved)
    {
        try
        {
            _consumer.Commit(ToList(moved));
        }
        catch (KafkaException ex) when (!ex.Error.IsFatal)
        {
            // At-least-once: the records are processed and their outputs flushed; a later commit covers them,
            // or, if the partitions move first, their next owner repeats them.
            _logger.LogWarning(ex, "{Thread} could not commit offsets ({Reason}); will retry with the next commit", Name, ex.Error.Reason);
            return false;
        }
        _tasks.WriteCheckpoints();
        return true;
    }

    /// <summary>After an aborted transaction: drop every task's local state and restart them from the committed offsets.</summary>
    private void Rewind()
    {
        var assigned = _tasks.Assigned.ToList();
        _tasks.CloseAllDirty(wipe: true);
        _tasks.Revoke(assigned, clean: false);
        foreach (var tp in assigned) _committed.Remove(tp);
        foreach (var start in StartOffsets(assigned)) _consumer.Seek(start);
        _tasks.Assign(assigned);
        PublishActiveTasks();
    }

    private List<TopicPartitionOffset> OnAssigned(List<TopicPartition> partitions)
    {
        if (_closingConsumer || _killed) return partitions.Select(tp => new TopicPartitionOffset(tp, Offset.Unset)).ToList();
        using var activity = StartRebalanceActivity("assigned", partitions);
        try
        {
            _running = false;
            _callbacks.Rebalancing(this);
            var starts = StartOffsets(partitions);
            // Standbys of the tasks to come close first (checkpointed), so the tasks restore only the tail.
            _runtime.Membership?.Tasks.Claim(Index, [.. _activeTasks, .. _tasks.TasksReading(partitions)]);
            _tasks.Assign(partitions);
            PublishActiveTasks();
            Metrics.Rebalances++;
            _logger.LogInformation("{Thread} assigned {Partitions}", Name, KafkaClientLogging.Describe(partitions));
            _running = true;
            _callbacks.Running(this);
            return starts;
        }
        catch (Exception ex)
        {
            // Confluent's consumer would leave the assignment half done; assign as asked and fail the thread from Poll.
            _callbackFailure ??= ex;
            return partitions.Select(tp => new TopicPartitionOffset(tp, Offset.Unset)).ToList();
        }
    }

    /// <summary>
    /// Where each partition resumes: the later of the group's committed offset and the offset log's (exactly-once);
    /// with neither, where <c>auto.offset.reset</c> says (the beginning by default).
    /// </summary>
    private List<TopicPartitionOffset> StartOffsets(List<TopicPartition> partitions)
    {
        if (partitions.Count == 0) return [];
        var committed = _consumer.Committed(partitions, _timeout).ToDictionary(p => p.TopicPartition, p => p.Offset.Value);
        var logged = _offsetLog?.ReadLatest() ?? new Dictionary<TopicPartition, long>();
        var reset = _runtime.Config.Consumer.AutoOffsetReset == AutoOffsetReset.Latest ? Offset.End : Offset.Beginning;
        return partitions.Select(tp =>
        {
            var c = committed.GetValueOrDefault(tp, Offset.Unset.Value);
            var l = logged.GetValueOrDefault(tp, Offset.Unset.Value);
            var start = Math.Max(c, l);
            return new TopicPartitionOffset(tp, start >= 0 ? new Offset(start) : reset);
        }).ToList();
    }

    private void OnRevoked(List<TopicPartition> partitions)
    {
        if (partitions.Count == 0 || _killed) return;
        if (_closingConsumer)
        {
            Forget(partitions, clean: false);
            return;
        }
        using var activity = StartRebalanceActivity("revoked", partitions);
        try
        {
            _running = false;
            _callbacks.Rebalancing(this);
            Commit();
            Forget(partitions, clean: true);
            _logger.LogInformation("{Thread} revoked {Partitions}", Name, KafkaClientLogging.Describe(partitions));
        }
        catch (Exception ex)
        {
            _callbackFailure ??= ex;
        }
    }

    private void OnLost(List<TopicPartition> partitions)
    {
        if (_killed) return;
        using var activity = StartRebalanceActivity("lost", partitions);
        try
        {
            _running = false;
            if (!_closingConsumer) _callbacks.Rebalancing(this);
            Forget(partitions, clean: false);
            if (_runtime.ExactlyOnce && !_closingConsumer)
            {
                // The open transaction holds writes of every task: abort it, and rewind the tasks still assigned.
                _producer.AbortTransaction(_timeout);
                _producer.BeginTransaction();
                _sentAtLastCommit = _sink.Sent;
                if (_tasks.Count > 0) Rewind();
            }
            _logger.LogWarning("{Thread} lost {Partitions}", Name, KafkaClientLogging.Describe(partitions));
        }
        catch (Exception ex)
        {
            _callbackFailure ??= ex;
        }
    }

    /// <summary>Closes the tasks of <paramref name="partitions"/> and forgets everything kept about them.</summary>
    private void Forget(List<TopicPartition> partitions, bool clean)
    {
        _tasks.Revoke(partitions, clean);
        foreach (var tp in partitions)
        {
            _committed.Remove(tp);
        }
        PublishActiveTasks();
    }

    private void PublishActiveTasks()
    {
        _activeTasks = _tasks.Tasks.Select(t => t.Id).OrderBy(t => t.Subtopology).ThenBy(t => t.Partition).ToList();
        _runtime.Membership?.Tasks.Claim(Index, _activeTasks);
    }

    private void ShutDownCleanly()
    {
        Commit();
        _tasks.CloseAll(clean: true);
        PublishActiveTasks();
        if (_runtime.ExactlyOnce) _producer.AbortTransaction(_timeout); // the empty transaction begun by the last commit
        _closingConsumer = true;
        _consumer.Close();
    }

    /// <summary>After a failure: abort the open transaction and leave the group, so a replacement thread (or another instance) gets the partitions without waiting for the session to time out.</summary>
    private void LeaveGroupAfterFailure()
    {
        _closingConsumer = true;
        try
        {
            if (_runtime.ExactlyOnce) _producer.AbortTransaction(_timeout);
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Aborting the transaction of failed thread {Thread} failed", Name);
        }
        try
        {
            _consumer.Close();
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Closing the consumer of failed thread {Thread} failed", Name);
        }
    }

    private void CloseDirty()
    {
        try
        {
            _tasks.CloseAllDirty(wipe: false);
            PublishActiveTasks();
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Closing the tasks of {Thread} failed", Name);
        }
    }

    private void DisposeClients()
    {
        _consumer.Dispose();
        _restoreConsumer.Dispose();
        _admin.Dispose();
        _producer.Dispose();
    }

    private static List<TopicPartitionOffset> ToList(Dictionary<TopicPartition, long> offsets) =>
        offsets.Select(kv => new TopicPartitionOffset(kv.Key, kv.Value)).ToList();
}

/// <summary>Counters of one stream thread, read by the runtime's metrics.</summary>
internal sealed class ThreadMetrics
{
    private long _processed;

    public long ProcessedTotal => Interlocked.Read(ref _processed);
    public long Commits { get; private set; }
    public long LastCommitLatencyMs { get; private set; }
    public long Rebalances { get; set; }

    public void Processed(int n) => Interlocked.Add(ref _processed, n);

    public void Committed(long latencyMs)
    {
        Commits++;
        LastCommitLatencyMs = latencyMs;
    }
}
