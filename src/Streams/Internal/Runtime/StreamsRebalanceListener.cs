using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Pulse.Streams.Internal.Runtime;

/// <summary>
/// What a stream thread does when the group moves partitions, inside its consumer's poll, on its own thread
/// (Kafka's <c>StreamsRebalanceListener</c>): assigned partitions become tasks, restored before they run, each
/// starting at its committed offset; revoked ones commit and close cleanly; lost ones close without a commit
/// (under exactly-once the open transaction is aborted and the remaining tasks rewound). A failure inside a
/// callback is handed to the thread, which rethrows it from its poll (Confluent's consumer must not see it).
/// </summary>
internal sealed class StreamsRebalanceListener(
    RuntimeContext runtime, StreamThread thread, TaskManager tasks, ThreadCommitter committer, OffsetLog? offsetLog, ILogger logger, TimeSpan timeout)
{
    public List<TopicPartitionOffset> OnAssigned(List<TopicPartition> partitions)
    {
        if (thread.ClosingConsumer || thread.Killed) return partitions.Select(tp => new TopicPartitionOffset(tp, Offset.Unset)).ToList();
        using var activity = StartActivity("assigned", partitions);
        try
        {
            thread.EnterRebalance();
            var starts = StartOffsets(partitions);
            // Standbys of the tasks to come close first (checkpointed), so the tasks restore only the tail.
            runtime.Membership?.Tasks.Claim(thread.Index, [.. thread.ActiveTasks, .. tasks.TasksReading(partitions)]);
            tasks.Assign(partitions, Committed(starts));
            thread.PublishActiveTasks();
            thread.Metrics.Rebalances++;
            logger.LogInformation("{Thread} assigned {Partitions}", thread.Name, KafkaClientLogging.Describe(partitions));
            thread.LeaveRebalance();
            return starts;
        }
        catch (Exception ex)
        {
            // Confluent's consumer would leave the assignment half done; assign as asked and fail the thread from its poll.
            thread.FailFromCallback(ex);
            return partitions.Select(tp => new TopicPartitionOffset(tp, Offset.Unset)).ToList();
        }
    }

    public void OnRevoked(List<TopicPartition> partitions)
    {
        if (partitions.Count == 0 || thread.Killed) return;
        if (thread.ClosingConsumer)
        {
            Forget(partitions, clean: false);
            return;
        }
        using var activity = StartActivity("revoked", partitions);
        try
        {
            thread.EnterRebalance();
            committer.Commit();
            Forget(partitions, clean: true);
            logger.LogInformation("{Thread} revoked {Partitions}", thread.Name, KafkaClientLogging.Describe(partitions));
        }
        catch (Exception ex)
        {
            thread.FailFromCallback(ex);
        }
    }

    public void OnLost(List<TopicPartition> partitions)
    {
        if (thread.Killed) return;
        using var activity = StartActivity("lost", partitions);
        try
        {
            if (!thread.ClosingConsumer) thread.EnterRebalance();
            else thread.StopRunning();
            Forget(partitions, clean: false);
            if (runtime.ExactlyOnce && !thread.ClosingConsumer)
            {
                // The open transaction holds writes of every task: abort it, and rewind the tasks still assigned.
                committer.AbortTransaction();
                if (tasks.Count > 0) Rewind();
            }
            logger.LogWarning("{Thread} lost {Partitions}", thread.Name, KafkaClientLogging.Describe(partitions));
        }
        catch (Exception ex)
        {
            thread.FailFromCallback(ex);
        }
    }

    /// <summary>After an aborted transaction: drop every task's local state and restart them from the committed offsets.</summary>
    public void Rewind()
    {
        var assigned = tasks.Assigned.ToList();
        tasks.CloseAllDirty(wipe: true);
        tasks.Revoke(assigned, clean: false);
        committer.Forget(assigned);
        var starts = StartOffsets(assigned);
        foreach (var start in starts) thread.Consumer.Seek(start);
        tasks.Assign(assigned, Committed(starts));
        thread.PublishActiveTasks();
    }

    /// <summary>
    /// Where each partition resumes: the later of the group's committed offset and the offset log's (exactly-once);
    /// with neither, where <c>auto.offset.reset</c> says (the beginning by default).
    /// </summary>
    private List<TopicPartitionOffset> StartOffsets(List<TopicPartition> partitions)
    {
        if (partitions.Count == 0) return [];
        var committed = thread.Consumer.Committed(partitions, timeout).ToDictionary(p => p.TopicPartition, p => p.Offset.Value);
        var logged = offsetLog?.ReadLatest() ?? new Dictionary<TopicPartition, long>();
        var reset = runtime.Config.Consumer.AutoOffsetReset == AutoOffsetReset.Latest ? Offset.End : Offset.Beginning;
        return partitions.Select(tp =>
        {
            var c = committed.GetValueOrDefault(tp, Offset.Unset.Value);
            var l = logged.GetValueOrDefault(tp, Offset.Unset.Value);
            var start = Math.Max(c, l);
            return new TopicPartitionOffset(tp, start >= 0 ? new Offset(start) : reset);
        }).ToList();
    }

    /// <summary>The committed offsets among <paramref name="starts"/> (not the resets): how far a table restoring from its source topic may read.</summary>
    private static Dictionary<TopicPartition, long> Committed(List<TopicPartitionOffset> starts) =>
        starts.Where(s => s.Offset.Value >= 0).ToDictionary(s => s.TopicPartition, s => s.Offset.Value);

    /// <summary>Closes the tasks of <paramref name="partitions"/> and forgets everything kept about them.</summary>
    private void Forget(List<TopicPartition> partitions, bool clean)
    {
        tasks.Revoke(partitions, clean);
        committer.Forget(partitions);
        thread.PublishActiveTasks();
    }

    private System.Diagnostics.Activity? StartActivity(string change, List<TopicPartition> partitions)
    {
        var activity = StreamsTracing.StartThreadActivity(StreamsTracing.Rebalance, runtime.Config.ApplicationId, thread.Name);
        activity?.SetTag(StreamsTracing.Tags.Change, change);
        activity?.SetTag(StreamsTracing.Tags.Partitions, string.Join(",", partitions.Select(p => $"{p.Topic}-{p.Partition.Value}")));
        return activity;
    }
}
