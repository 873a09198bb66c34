using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Logging;

namespace Pulse.Streams.Internal.Runtime;

/// <summary>
/// Deletes what a stream thread has consumed and committed from its repartition topics, as Kafka Streams does after a commit
/// (<c>repartition.purge.interval.ms</c>): those topics keep their records until the application says it is done with them
/// (their retention is unlimited), so the broker holds only what is still to be processed. At most one request is in flight
/// and at most one starts per <see cref="StreamsConfig.RepartitionPurgeInterval"/>; a failed one is logged and the next
/// commit's offsets are tried later. A broker that does not support deleting records (librdkafka's mock) is told once, and
/// not asked again. Not thread-safe: the stream thread calls <see cref="AfterCommit"/>.
/// </summary>
internal sealed class RepartitionPurger(IReadOnlySet<string> repartitionTopics, Func<IReadOnlyList<TopicPartitionOffset>, Task> deleteRecords,
    TimeSpan interval, ILogger logger, string threadName)
{
    private Task? _pending;
    private long _lastPurgeMs = Environment.TickCount64;
    private volatile bool _unsupported;

    /// <summary>
    /// After a commit: when the interval has passed and no request is in flight, deletes the records before each committed
    /// offset of a repartition topic (<paramref name="committed"/>: the next offset to read, per input partition).
    /// </summary>
    public void AfterCommit(IReadOnlyDictionary<TopicPartition, long> committed)
    {
        if (_unsupported || repartitionTopics.Count == 0 || _pending is { IsCompleted: false }) return;
        var now = Environment.TickCount64;
        if (now - _lastPurgeMs < (long)interval.TotalMilliseconds) return;
        var offsets = committed.Where(kv => kv.Value > 0 && repartitionTopics.Contains(kv.Key.Topic))
            .Select(kv => new TopicPartitionOffset(kv.Key, kv.Value)).ToList();
        if (offsets.Count == 0) return;
        _lastPurgeMs = now;
        _pending = Purge(offsets);
    }

    private async Task Purge(IReadOnlyList<TopicPartitionOffset> offsets)
    {
        try
        {
            await deleteRecords(offsets).ConfigureAwait(false);
            logger.LogDebug("{Thread} purged {Partitions} repartition partition(s) up to their committed offsets", threadName, offsets.Count);
        }
        catch (DeleteRecordsException ex) when (ex.Results.All(r => r.Error.Code is ErrorCode.Local_UnsupportedFeature or ErrorCode.UnsupportedVersion))
        {
            _unsupported = true;
            logger.LogInformation("{Thread}: the broker does not support deleting records, so repartition topics keep what was consumed", threadName);
        }
        catch (Exception ex) // a purge is housekeeping: whatever went wrong, the next commit's offsets are tried later
        {
            logger.LogWarning("{Thread} could not purge its repartition topics ({Reason}); will try again after a later commit", threadName, ex.Message);
        }
    }

    /// <summary>Waits for the request in flight, if any (when the thread closes).</summary>
    public void Drain(TimeSpan timeout) => _pending?.Wait(timeout); // Purge catches everything a request throws
}
