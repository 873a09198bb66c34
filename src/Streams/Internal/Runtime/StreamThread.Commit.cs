using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Pulse.Streams.Internal.Runtime;

/// <summary>Commit, rebalance and shutdown paths of <see cref="StreamThread"/>.</summary>
internal sealed partial class StreamThread
{
    /// <summary>
    /// Flushes every task and the producer, then commits the input offsets: with the consumer
    /// under at-least-once, inside the transaction (plus the offset log) under exactly-once.
    /// </summary>
    private void Commit()
    {
        using var timer = _runtime.Instrumentation.TimeCommit(this);
        var started = NowMs();
        var offsets = _tasks.PrepareCommit();
        if (_runtime.ExactlyOnce)
        {
            try
            {
                if (offsets.Count > 0)
                {
                    _offsetLog!.Append(_sink, offsets, _runtime.Config.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds());
                    _producer.SendOffsetsToTransaction(ToList(offsets), _consumer.ConsumerGroupMetadata, _timeout);
                }
                _producer.CommitTransaction(_timeout);
                _producer.BeginTransaction();
            }
            catch (KafkaTxnRequiresAbortException ex)
            {
                _logger.LogWarning(ex, "Transaction of {Thread} aborted; rewinding its tasks to the last commit", Name);
                _producer.AbortTransaction(_timeout);
                Rewind();
                _producer.BeginTransaction();
            }
        }
        else if (offsets.Count > 0)
        {
            _consumer.Commit(ToList(offsets));
            _tasks.WriteCheckpoints();
        }
        _lastCommitMs = NowMs();
        Metrics.Committed(NowMs() - started);
    }

    /// <summary>After an aborted transaction: drop every task's local state and restart them from the committed offsets.</summary>
    private void Rewind()
    {
        var assigned = _tasks.Assigned.ToList();
        _tasks.CloseAllDirty(wipe: true);
        _tasks.Revoke(assigned, clean: false);
        foreach (var start in StartOffsets(assigned))
            if (start.Offset != Offset.Unset) _consumer.Seek(start);
        _tasks.Assign(assigned);
    }

    private List<TopicPartitionOffset> OnAssigned(List<TopicPartition> partitions)
    {
        var starts = StartOffsets(partitions);
        _tasks.Assign(partitions);
        IsRunning = true;
        Metrics.Rebalances++;
        OnRunning(this);
        _logger.LogInformation("{Thread} assigned {Partitions}", Name, string.Join(", ", partitions));
        return starts;
    }

    /// <summary>Where each partition resumes: the later of the group's committed offset and the offset log's (exactly-once).</summary>
    private List<TopicPartitionOffset> StartOffsets(List<TopicPartition> partitions)
    {
        if (partitions.Count == 0) return [];
        var committed = _consumer.Committed(partitions, _timeout).ToDictionary(p => p.TopicPartition, p => p.Offset.Value);
        var logged = _offsetLog?.ReadLatest() ?? new Dictionary<TopicPartition, long>();
        return partitions.Select(tp =>
        {
            var c = committed.GetValueOrDefault(tp, Offset.Unset.Value);
            var l = logged.GetValueOrDefault(tp, Offset.Unset.Value);
            var start = Math.Max(c, l);
            return new TopicPartitionOffset(tp, start >= 0 ? new Offset(start) : Offset.Unset);
        }).ToList();
    }

    private void OnRevoked(List<TopicPartition> partitions)
    {
        if (partitions.Count == 0 || _killed) return;
        IsRunning = false;
        Commit();
        _tasks.Revoke(partitions, clean: true);
        foreach (var tp in partitions) _paused.Remove(tp);
        _logger.LogInformation("{Thread} revoked {Partitions}", Name, string.Join(", ", partitions));
    }

    private void OnLost(List<TopicPartition> partitions)
    {
        IsRunning = false;
        _tasks.Revoke(partitions, clean: false);
        foreach (var tp in partitions) _paused.Remove(tp);
        if (_runtime.ExactlyOnce)
        {
            _producer.AbortTransaction(_timeout);
            _producer.BeginTransaction();
        }
        _logger.LogWarning("{Thread} lost {Partitions}", Name, string.Join(", ", partitions));
    }

    private void ShutDownCleanly()
    {
        Commit();
        _tasks.CloseAll(clean: true);
        if (_runtime.ExactlyOnce) _producer.AbortTransaction(_timeout); // the empty transaction begun by the last commit
        _consumer.Close();
    }

    private void CloseDirty()
    {
        try
        {
            _tasks.CloseAllDirty(wipe: false);
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
