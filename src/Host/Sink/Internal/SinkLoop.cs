using Confluent.Kafka;
using Pulse.Streams;
using Microsoft.Extensions.Logging;

namespace Pulse.Host.Sink.Internal;

/// <summary>
/// The sink's one consumer and its loop: fill a batch (up to <see cref="SinkOptions.BatchSize"/>
/// records, or <see cref="SinkOptions.LingerMs"/> after its first), flush it, repeat.
/// </summary>
/// <remarks>
/// Invariants, all on the loop's thread (rebalance callbacks run inside <c>Consume</c>):
/// <list type="bullet">
/// <item>A newly assigned partition starts at the offset stored in Postgres (<see cref="OffsetStore"/>),
/// or at the beginning when none is stored; Kafka's committed offsets are only for lag monitoring
/// (stored after each flush, committed by the client in the background).</item>
/// <item>Nothing is consumed while a batch is written: no buffering beyond the batch. While the
/// database is away, the loop pauses its partitions and only serves the group between attempts.</item>
/// <item>A revoked or lost partition's records still in the batch are dropped, never written: their
/// offsets were not stored, so the next owner reads them again. A revocation cannot fall inside a
/// transaction: the loop never consumes while one is open.</item>
/// <item>For each owned partition the loop remembers the offset the database acknowledged last; after
/// a failure it checks the database still holds it, and reads again from what it holds if not.</item>
/// </list>
/// </remarks>
internal sealed class SinkLoop : IFlushHost, IDisposable
{
    private static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(250);

    private readonly SinkOptions _options;
    private readonly TableRouter _router;
    private readonly BatchFlusher _flusher;
    private readonly OffsetStore _offsets;
    private readonly DatabaseRetry _retry;
    private readonly SinkMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly IConsumer<byte[], byte[]> _consumer;
    private readonly List<SinkRecord> _batch = [];
    private readonly HashSet<TopicPartition> _owned = [];
    private readonly HashSet<TopicPartition> _paused = [];
    private readonly Dictionary<TopicPartition, long> _committed = [];
    private readonly HashSet<TopicPartition> _rewound = [];
    private CancellationToken _stop;
    private bool _flushing;
    private Error? _fatal;
    private string? _lastConsumeError;
    private readonly int? _sessionTimeoutMs;

    public SinkLoop(SinkOptions options, ConsumerConfig consumerConfig, TableRouter router, BatchFlusher flusher,
        OffsetStore offsets, DatabaseRetry retry, SinkMetrics metrics, ILogger logger, TimeProvider time)
    {
        _options = options;
        _router = router;
        _flusher = flusher;
        _offsets = offsets;
        _retry = retry;
        _metrics = metrics;
        _logger = logger;
        _time = time;
        _sessionTimeoutMs = consumerConfig.SessionTimeoutMs;
        _consumer = new ConsumerBuilder<byte[], byte[]>(consumerConfig)
            .SetPartitionsAssignedHandler((_, partitions) => OnAssigned(partitions))
            .SetPartitionsRevokedHandler((_, partitions) => OnRevoked(partitions.Select(p => p.TopicPartition).ToList(), "revoked"))
            .SetPartitionsLostHandler((_, partitions) => OnRevoked(partitions.Select(p => p.TopicPartition).ToList(), "lost"))
            .SetErrorHandler((_, error) => OnError(error))
            .SetLogHandler((_, message) => KafkaClientLogging.Log(_logger, message))
            .Build();
    }

    /// <summary>Consumes and writes until <paramref name="stop"/>; then leaves the group (an unwritten batch is abandoned, not lost).</summary>
    public void Run(CancellationToken stop)
    {
        _stop = stop;
        _consumer.Subscribe(_router.Topics);
        try
        {
            while (!stop.IsCancellationRequested)
            {
                Fill(stop);
                if (_batch.Count > 0 && !stop.IsCancellationRequested) Flush(stop);
            }
        }
        finally
        {
            _batch.Clear();
            _flushing = false;
            try
            {
                _consumer.Close();
            }
            catch (KafkaException e)
            {
                _logger.LogWarning("Leaving the consumer group failed: {Reason}", e.Error.Reason);
            }
        }
    }

    public bool Owns(TopicPartition partition) => _owned.Contains(partition) && !_rewound.Contains(partition);

    public void CheckStoredOffsets()
    {
        if (_committed.Count == 0) return;
        foreach (var stored in _offsets.Read(_committed.Keys.ToList()).Offsets)
        {
            var partition = stored.TopicPartition;
            var holds = stored.Offset == Offset.Beginning ? 0 : stored.Offset.Value;
            var acknowledged = _committed[partition];
            if (holds >= acknowledged) continue;
            _logger.LogError(
                "The database holds offset {Holds} for {Partition}, behind the {Acknowledged} it acknowledged: it lost committed batches " +
                "(a failover to a lagging replica? asynchronous commit?). Reading {Partition} again from {Holds}",
                holds, partition, acknowledged, partition, holds);
            _consumer.Seek(stored);
            _committed[partition] = holds;
            _rewound.Add(partition);
        }
    }

    public void ServeWhileWaiting()
    {
        var unpaused = _consumer.Assignment.Where(tp => !_paused.Contains(tp)).ToList();
        if (unpaused.Count > 0)
        {
            _consumer.Pause(unpaused);
            _paused.UnionWith(unpaused);
        }
        // Rebalance callbacks run in here. A record can only come from a partition assigned since
        // the pause: put it back (seek) and pause its partition.
        while (Consume(TimeSpan.Zero) is { } stray)
        {
            _consumer.Pause([stray.TopicPartition]);
            _paused.Add(stray.TopicPartition);
            _consumer.Seek(stray.TopicPartitionOffset);
        }
        ThrowIfFatal();
    }

    private void Fill(CancellationToken stop)
    {
        long? first = null;
        var linger = TimeSpan.FromMilliseconds(_options.LingerMs);
        while (_batch.Count < _options.BatchSize && !stop.IsCancellationRequested)
        {
            var timeout = IdlePoll;
            if (first is { } started)
            {
                var left = linger - _time.GetElapsedTime(started);
                timeout = left <= TimeSpan.Zero ? TimeSpan.Zero : left < IdlePoll ? left : IdlePoll;
            }
            var record = Consume(timeout);
            ThrowIfFatal();
            if (record is null)
            {
                // Past the linger, take only what is already here.
                if (timeout == TimeSpan.Zero) return;
                continue;
            }
            _batch.Add(_router.Map(record));
            first ??= _time.GetTimestamp();
        }
    }

    /// <summary>
    /// The next record, or null. Errors the client reports through <c>Consume</c> that are not fatal
    /// (a subscribed topic that does not exist yet, a broker away) are logged once each and waited out;
    /// a session timeout the broker refuses, which no wait cures, stops the sink naming the setting.
    /// </summary>
    private ConsumeResult<byte[], byte[]>? Consume(TimeSpan timeout)
    {
        try
        {
            return _consumer.Consume(timeout);
        }
        catch (ConsumeException e) when (e.Error.Code == ErrorCode.InvalidSessionTimeout)
        {
            // A real broker refuses a session timeout outside group.min/max.session.timeout.ms at every JoinGroup: waiting
            // would leave the sink outside its group for good. Stop, naming the setting.
            var session = _sessionTimeoutMs is { } ms ? ms.ToString(System.Globalization.CultureInfo.InvariantCulture) : "librdkafka's default, 45000";
            throw new SinkFatalException($"The broker refused the consumer's session.timeout.ms ({session}): it must lie within the broker's " +
                "group.min.session.timeout.ms and group.max.session.timeout.ms (6000 and 1800000 by default). Set Kafka:Properties:session.timeout.ms " +
                $"(PULSE__Kafka__Properties__session.timeout.ms) within them, with heartbeat.interval.ms at most a third of it. ({e.Error.Reason})", e);
        }
        catch (ConsumeException e) when (!e.Error.IsFatal)
        {
            if (e.Error.Reason != _lastConsumeError)
                _logger.LogWarning("Kafka: {Reason}; waiting", e.Error.Reason);
            _lastConsumeError = e.Error.Reason;
            return null;
        }
    }

    private void Flush(CancellationToken stop)
    {
        var started = _time.GetTimestamp();
        var records = _batch.ToArray();
        _flushing = true;
        try
        {
            var outcome = _flusher.Flush(records, this, stop);
            foreach (var (table, (inserted, present)) in outcome.Tables)
                _metrics.RowsInserted(table, inserted, present);
            foreach (var topic in records.Where(r => Owns(r.TopicPartition)).GroupBy(r => r.Source.Topic, StringComparer.Ordinal))
                _metrics.RecordsConsumed(topic.Key, topic.Count());
            _metrics.BatchCommitted(_time.GetElapsedTime(started));
            foreach (var (partition, next) in PartitionOffsets.After(records.Where(r => Owns(r.TopicPartition))))
                _committed[partition] = Math.Max(next, _committed.GetValueOrDefault(partition));
            StoreOffsetsForLag(records);
        }
        finally
        {
            _flushing = false;
            _rewound.Clear();
            _batch.Clear();
            ResumePaused();
        }
    }

    private List<TopicPartitionOffset> OnAssigned(List<TopicPartition> partitions)
    {
        var stored = _retry.Execute("reading the stored offsets", () => _offsets.Read(partitions), _stop);
        var offsets = stored.Offsets;
        _owned.UnionWith(partitions);
        foreach (var o in offsets)
            _committed[o.TopicPartition] = o.Offset == Offset.Beginning ? 0 : o.Offset.Value;
        if (stored.Foreign.Count > 0)
            _logger.LogWarning(
                "Postgres holds offsets of {Count} of these partitions from another Kafka cluster ({Clusters}), not this one: ignored; they are read from the beginning",
                stored.Foreign.Count, string.Join(", ", stored.Foreign.Select(f => f.Cluster).Distinct()));
        var fresh = offsets.Where(o => o.Offset == Offset.Beginning).Select(o => o.TopicPartition).ToList();
        _logger.LogInformation("Assigned {Partitions}; resuming from the offsets stored in Postgres, {Fresh} from the beginning",
            KafkaClientLogging.Describe(partitions), fresh.Count == 0 ? "none" : KafkaClientLogging.Describe(fresh));
        _logger.LogDebug("Stored offsets: {Offsets}",
            string.Join(", ", offsets.Select(o => $"{o.TopicPartition}@{(o.Offset == Offset.Beginning ? "beginning" : o.Offset.Value)}")));
        return offsets;
    }

    private void OnRevoked(List<TopicPartition> partitions, string how)
    {
        var gone = partitions.ToHashSet();
        _owned.ExceptWith(gone);
        _paused.ExceptWith(gone);
        _rewound.ExceptWith(gone);
        foreach (var partition in gone) _committed.Remove(partition);
        // While flushing, the flusher leaves these partitions out at its next attempt.
        var dropped = _flushing ? 0 : _batch.RemoveAll(r => gone.Contains(r.TopicPartition));
        _logger.LogInformation("Partitions {How}: {Partitions}; {Dropped} records not yet written are left to their next owner",
            how, KafkaClientLogging.Describe(partitions), dropped);
    }

    private void ResumePaused()
    {
        if (_paused.Count == 0) return;
        var assigned = _consumer.Assignment.Where(_paused.Contains).ToList();
        _paused.Clear();
        if (assigned.Count > 0) _consumer.Resume(assigned);
    }

    private void StoreOffsetsForLag(IEnumerable<SinkRecord> records)
    {
        foreach (var (partition, next) in PartitionOffsets.After(records))
        {
            if (!Owns(partition)) continue;
            try
            {
                _consumer.StoreOffset(new TopicPartitionOffset(partition, next));
            }
            catch (KafkaException)
            {
                // Lost meanwhile; Kafka's committed offsets are only for lag monitoring.
            }
        }
    }

    private void OnError(Error error)
    {
        if (error.IsFatal) _fatal = error;
        _logger.LogWarning("Kafka: {Reason}", error.Reason);
    }

    private void ThrowIfFatal()
    {
        if (_fatal is { } error) throw new SinkFatalException($"The Kafka consumer failed: {error.Reason}");
    }

    public void Dispose() => _consumer.Dispose();
}
