using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Pulse.Streams.Errors;
using Pulse.Streams.Internal.Kafka;
using Pulse.Streams.Internal.State;

namespace Pulse.Streams.Internal.Runtime;

/// <summary>
/// One processing thread: a consumer in the application's group, a producer (transactional
/// under exactly-once), a restore consumer, and the tasks of the partitions it is assigned.
/// Loop: poll → process → punctuate → commit when the interval has passed (<see cref="ThreadCommitter"/>).
/// Rebalance callbacks run inside poll on this thread (<see cref="StreamsRebalanceListener"/>): revoked
/// tasks commit and close, new tasks restore first.
/// Invariant: every record that reaches an output or changelog belongs to an uncommitted
/// batch until the committer commits it together with the input offsets.
/// The owner hears, on this thread: <see cref="Callbacks.Rebalancing"/> when a rebalance touches
/// the thread, <see cref="Callbacks.Running"/> when it has its tasks again,
/// <see cref="Callbacks.Failed"/> when the loop throws (after the consumer left the group), and
/// <see cref="Callbacks.Exited"/> last, once the clients are disposed.
/// </summary>
internal sealed class StreamThread : IDisposable
{
    private const int MaxBufferedRecords = 10_000;
    private readonly RuntimeContext _runtime;
    private readonly Callbacks _callbacks;
    private readonly IConsumer<byte[], byte[]> _consumer;
    private readonly IProducer<byte[], byte[]> _producer;
    private readonly IConsumer<byte[], byte[]> _restoreConsumer;
    private readonly IAdminClient _admin;
    private readonly TaskManager _tasks;
    private readonly ThreadCommitter _committer;
    private readonly StreamsRebalanceListener _rebalance;
    private readonly ILogger _logger;
    private readonly Thread _thread;
    private readonly TimeSpan _timeout = TimeSpan.FromSeconds(30);
    private volatile bool _stopRequested;
    private volatile bool _killed;
    private volatile bool _running;
    private volatile IReadOnlyList<TaskId> _activeTasks = [];
    private bool _closingConsumer; // consumer.Close() (clean or after a failure) is revoking: callbacks only forget
    private Exception? _callbackFailure; // thrown inside a rebalance callback; rethrown by Poll
    private string? _rejoinReason; // a group call inside a rebalance callback met the group moving on: rejoin rather than fail
    private bool _rejoining; // rejoined and not assigned since: errors of the stale assignment are expected

    /// <summary>What a stream thread tells its <see cref="KafkaStreams"/>.</summary>
    public sealed record Callbacks(Action<StreamThread> Rebalancing, Action<StreamThread> Running, Action<StreamThread, Exception> Failed, Action<StreamThread> Exited);

    public StreamThread(RuntimeContext runtime, int index, Callbacks callbacks)
    {
        _runtime = runtime;
        Index = index;
        Name = $"{runtime.Config.ApplicationId}-{runtime.ProcessId}-StreamThread-{index}";
        _logger = runtime.Config.LoggerFactory.CreateLogger("Pulse.Streams.StreamThread");
        _callbacks = callbacks;
        var clientLogger = runtime.Config.LoggerFactory.CreateLogger(KafkaClientLogging.Category);
        _producer = new ProducerBuilder<byte[], byte[]>(ClientConfigs.Producer(runtime, Name + "-producer", index)).LogTo(clientLogger).Build();
        _admin = new DependentAdminClientBuilder(_producer.Handle).Build();
        var sink = new KafkaRecordSink(_producer, _admin, _timeout, runtime.Partitions);
        sink.Tolerate = report => DeliveryFailures.Tolerate(report, runtime.Config, _logger);
        _restoreConsumer = new ConsumerBuilder<byte[], byte[]>(ClientConfigs.RestoreConsumer(runtime, Name + "-restore-consumer")).LogTo(clientLogger).Build();
        _consumer = new ConsumerBuilder<byte[], byte[]>(ClientConfigs.MainConsumer(runtime, Name + "-consumer"))
            .LogTo(clientLogger)
            .SetPartitionsAssignedHandler((_, partitions) => _rebalance!.OnAssigned(partitions))
            .SetPartitionsRevokedHandler((_, partitions) => _rebalance!.OnRevoked(partitions.Select(p => p.TopicPartition).ToList()))
            .SetPartitionsLostHandler((_, partitions) => _rebalance!.OnLost(partitions.Select(p => p.TopicPartition).ToList()))
            .Build();
        var restorer = new StateRestorer(_restoreConsumer, runtime.Config.StateRestoreListener, _logger, _timeout);
        Restorer = restorer;
        _tasks = new TaskManager(runtime, sink, new ThreadCache(runtime.Config.CacheMaxBytes / runtime.Config.NumStreamThreads), restorer, _logger);
        var offsetLog = runtime.ExactlyOnce ? new OffsetLog(runtime.OffsetLogTopic, _restoreConsumer, _timeout) : null;
        var repartitionTopics = runtime.Builder.InternalTopics.Keys.Select(runtime.Resolve).ToHashSet(StringComparer.Ordinal);
        Purger = new RepartitionPurger(repartitionTopics, offsets => _admin.DeleteRecordsAsync(offsets, new Confluent.Kafka.Admin.DeleteRecordsOptions { RequestTimeout = _timeout }),
            runtime.Config.RepartitionPurgeInterval, _logger, Name);
        _committer = new ThreadCommitter(runtime, this, _tasks, sink, _producer, _consumer, offsetLog, _logger, _timeout, Purger);
        _rebalance = new StreamsRebalanceListener(runtime, this, _tasks, _committer, offsetLog, _logger, _timeout);
        _committer.Rewind = _rebalance.Rewind;
        _thread = new Thread(Run) { Name = Name, IsBackground = true };
    }

    public int Index { get; }
    public string Name { get; }
    public StateRestorer Restorer { get; }

    /// <summary>What this thread deletes from its repartition topics after commits.</summary>
    internal RepartitionPurger Purger { get; }
    public ThreadMetrics Metrics { get; } = new();

    /// <summary>True once the thread has an assignment and has restored it; false during a rebalance.</summary>
    public bool IsRunning => _running;

    public bool IsAlive => _thread.IsAlive;

    /// <summary>The tasks, for this thread's own use only (not thread-safe); others read <see cref="ActiveTasks"/>.</summary>
    public TaskManager Tasks => _tasks;

    /// <summary>The ids of the thread's open tasks, as of the end of its last rebalance callback; safe from any thread.</summary>
    public IReadOnlyList<TaskId> ActiveTasks => _activeTasks;

    /// <summary>The main consumer (for the rebalance listener: committed offsets, seeks).</summary>
    internal IConsumer<byte[], byte[]> Consumer => _consumer;

    /// <summary>Whether the consumer is closing: rebalance callbacks then only forget their tasks.</summary>
    internal bool ClosingConsumer => _closingConsumer;

    internal bool Killed => _killed;

    public void Start() => _thread.Start();

    /// <summary>Asks the loop to finish the record in hand, commit, close its tasks and leave the group.</summary>
    public void RequestStop() => _stopRequested = true;

    public bool Join(TimeSpan timeout) => _thread.Join(timeout);

    /// <summary>Stops at once as a crash would: no commit, no leaving the group; open transactions stay open until aborted or fenced.</summary>
    public void Kill()
    {
        _killed = true;
        _stopRequested = true;
    }

    /// <summary>A rebalance begins to touch this thread: not running, and the owner hears it.</summary>
    internal void EnterRebalance()
    {
        _running = false;
        _callbacks.Rebalancing(this);
    }

    /// <summary>The thread has its tasks again, restored.</summary>
    internal void LeaveRebalance()
    {
        _rejoining = false;
        _running = true;
        _callbacks.Running(this);
    }

    internal void StopRunning() => _running = false;

    /// <summary>
    /// A rebalance callback failed: the next poll rethrows it on the thread's own terms, unless it only says the group
    /// moved on meanwhile (a rebalance in progress, a stale generation, the coordinator moving): then the thread's
    /// assignment is stale, and it rejoins the group instead of failing (Kafka's task-migrated handling).
    /// </summary>
    internal void FailFromCallback(Exception failure)
    {
        if (failure is KafkaException k && GroupChurn.Contains(k.Error.Code)) _rejoinReason ??= k.Error.Reason;
        else _callbackFailure ??= failure;
    }

    /// <summary>Errors of a group call that only mean the group moved on; sending the call again after rejoining succeeds.</summary>
    private static readonly HashSet<ErrorCode> GroupChurn =
    [
        ErrorCode.RebalanceInProgress, ErrorCode.IllegalGeneration, ErrorCode.UnknownMemberId, ErrorCode.NotCoordinatorForGroup,
        ErrorCode.GroupCoordinatorNotAvailable, ErrorCode.GroupLoadInProgress, ErrorCode.Local_TimedOut, ErrorCode.RequestTimedOut,
    ];

    /// <summary>Publishes the open tasks' ids (<see cref="ActiveTasks"/>) and claims them in the membership.</summary>
    internal void PublishActiveTasks()
    {
        _activeTasks = _tasks.Tasks.Select(t => t.Id).OrderBy(t => t.Subtopology).ThenBy(t => t.Partition).ToList();
        _runtime.Membership?.Tasks.Claim(Index, _activeTasks);
    }

    private void Run()
    {
        // The thread inherited its starter's execution context: its activities are roots, not children of whatever span called Start().
        System.Diagnostics.Activity.Current = null;
        try
        {
            if (_runtime.ExactlyOnce)
            {
                try
                {
                    _producer.InitTransactions(_timeout);
                }
                catch (KafkaException e) when (BrokerRefusedSetting.Describe(e.Error, _runtime.Config) is { } refused)
                {
                    throw new StreamsConfigException(refused, e);
                }
                _producer.BeginTransaction();
            }
            _subscribedPatternVersion = _runtime.PatternTopicsVersion;
            _consumer.Subscribe(_runtime.SourceTopics);
            _committer.Reset();
            while (!_stopRequested) RunOnce();
            if (!_killed) ShutDownCleanly();
        }
        catch (Exception ex) when (!_killed)
        {
            _logger.LogError(ex, "Stream thread {Thread} failed", Name);
            _running = false;
            CloseDirty();
            LeaveGroupAfterFailure();
            _callbacks.Failed(this, ex);
        }
        finally
        {
            if (_killed) CloseDirty();
            _running = false;
            DisposeClients();
            _callbacks.Exited(this);
        }
    }

    private int _subscribedPatternVersion;

    private void RunOnce()
    {
        if (_runtime.Builder.HasPatternSources) FollowPatternTopics();
        Poll();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var processed = _lastProcessed = _tasks.Process(maxPerTask: 1_000);
        Metrics.Processed(processed);
        _runtime.Instrumentation.AfterProcess(this, _consumer, processed, started);
        _tasks.PunctuateWallClock();
        if (_committer.Due) _committer.Commit();
    }

    /// <summary>Subscribes again when pattern sources found new topics: the group rebalances and the tasks read them too.</summary>
    private void FollowPatternTopics()
    {
        _runtime.RefreshPatternTopics(_logger);
        if (_runtime.PatternTopicsVersion == _subscribedPatternVersion) return;
        _subscribedPatternVersion = _runtime.PatternTopicsVersion;
        _consumer.Subscribe(_runtime.SourceTopics);
    }

    /// <summary>
    /// Takes records into the tasks' queues until the thread buffers <see cref="MaxBufferedRecords"/>:
    /// waits for the first (see <see cref="ThreadCommitter.IdleWait"/>) only when nothing is buffered. A full buffer
    /// is processed before more is taken, and librdkafka's bounded prefetch queue then throttles fetching
    /// (pausing partitions instead would make librdkafka drop and refetch what it prefetched).
    /// Rebalance callbacks run inside; a failure in one is rethrown here.
    /// </summary>
    private void Poll()
    {
        var buffered = _tasks.Tasks.Sum(t => t.BufferedRecords);
        // Records buffered and none processed: every task with records waits for another input (InputReadiness). Take
        // more, waiting as when idle, even past the cap: what they wait for may be behind what fills the buffer.
        var waiting = buffered > 0 && _lastProcessed == 0;
        var room = waiting ? Math.Max(MaxBufferedRecords - buffered, 1_000) : MaxBufferedRecords - buffered;
        if (room <= 0) return;
        var record = Consume(buffered > 0 && !waiting ? TimeSpan.Zero : _committer.IdleWait());
        for (var n = 1; record is not null; n++)
        {
            if (!record.IsPartitionEOF) _tasks.AddRecord(record);
            else _tasks.FetchedToEnd(record.TopicPartition);
            if (n >= room || _stopRequested) break;
            record = Consume(TimeSpan.Zero);
        }
    }

    private int _lastProcessed = -1;

    private ConsumeResult<byte[], byte[]>? Consume(TimeSpan timeout)
    {
        ConsumeResult<byte[], byte[]>? record;
        try
        {
            record = _consumer.Consume(timeout);
        }
        catch (ConsumeException e) when (GroupChurn.Contains(e.Error.Code))
        {
            // The consumer's own group calls (fetching committed offsets for an assignment) met the group moving on; once
            // rejoining, what the stale assignment still reports is expected.
            if (!_rejoining) _rejoinReason ??= e.Error.Reason;
            record = null;
        }
        catch (ConsumeException e) when (BrokerRefusedSetting.Describe(e.Error, _runtime.Config) is { } refused)
        {
            throw new StreamsConfigException(refused, e);
        }
        if (_callbackFailure is { } failure)
        {
            _callbackFailure = null;
            throw new StreamsException($"A rebalance callback of {Name} failed: {failure.Message}", failure);
        }
        if (_rejoinReason is { } reason)
        {
            _rejoinReason = null;
            Rejoin(reason);
            return null;
        }
        return record;
    }

    /// <summary>
    /// Leaves the group and joins it again: the revocation commits what can be committed and closes the tasks, and the
    /// next assignment starts them afresh from the committed offsets.
    /// </summary>
    private void Rejoin(string reason)
    {
        _logger.LogWarning("{Thread}'s assignment went stale inside a rebalance ({Reason}); rejoining the group", Name, reason);
        _rejoining = true;
        _consumer.Unsubscribe();
        _consumer.Subscribe(_runtime.SourceTopics);
    }

    private void ShutDownCleanly()
    {
        _committer.Commit();
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
        Purger.Drain(TimeSpan.FromSeconds(5)); // a purge request in flight uses the admin client
        _admin.Dispose();
        _producer.Dispose();
    }

    public void Dispose() => DisposeClients();
}
