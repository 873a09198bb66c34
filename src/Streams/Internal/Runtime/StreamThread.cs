using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Pulse.Streams.Internal.Kafka;
using Pulse.Streams.Internal.State;

namespace Pulse.Streams.Internal.Runtime;

/// <summary>
/// One processing thread: a consumer in the application's group, a producer (transactional
/// under exactly-once), a restore consumer, and the tasks of the partitions it is assigned.
/// Loop: poll → process → punctuate → commit when the interval has passed. Rebalance callbacks
/// run inside poll on this thread: revoked tasks commit and close, new tasks restore first.
/// Invariant: every record that reaches an output or changelog belongs to an uncommitted
/// batch until <see cref="Commit"/> commits it together with the input offsets.
/// </summary>
internal sealed partial class StreamThread : IDisposable
{
    private const int MaxPollRecords = 5_000;
    private const int MaxBufferedPerPartition = 1_000;
    private readonly RuntimeContext _runtime;
    private readonly IConsumer<byte[], byte[]> _consumer;
    private readonly IProducer<byte[], byte[]> _producer;
    private readonly IConsumer<byte[], byte[]> _restoreConsumer;
    private readonly IAdminClient _admin;
    private readonly KafkaRecordSink _sink;
    private readonly TaskManager _tasks;
    private readonly OffsetLog? _offsetLog;
    private readonly ILogger _logger;
    private readonly Thread _thread;
    private readonly HashSet<TopicPartition> _paused = [];
    private readonly TimeSpan _timeout = TimeSpan.FromSeconds(30);
    private volatile bool _stopRequested;
    private volatile bool _killed;
    private long _lastCommitMs;

    public StreamThread(RuntimeContext runtime, int index, Action<StreamThread, Exception> onFailure, Action<StreamThread> onRunning)
    {
        _runtime = runtime;
        Index = index;
        Name = $"{runtime.Config.ApplicationId}-{runtime.ProcessId}-StreamThread-{index}";
        _logger = runtime.Config.LoggerFactory.CreateLogger("Pulse.Streams.StreamThread");
        OnFailure = onFailure;
        OnRunning = onRunning;
        _producer = new ProducerBuilder<byte[], byte[]>(ClientConfigs.Producer(runtime, Name + "-producer", index)).Build();
        _admin = new DependentAdminClientBuilder(_producer.Handle).Build();
        _sink = new KafkaRecordSink(_producer, _admin, _timeout);
        _restoreConsumer = new ConsumerBuilder<byte[], byte[]>(ClientConfigs.RestoreConsumer(runtime, Name + "-restore-consumer")).Build();
        _consumer = new ConsumerBuilder<byte[], byte[]>(ClientConfigs.MainConsumer(runtime, Name + "-consumer"))
            .SetPartitionsAssignedHandler((_, partitions) => OnAssigned(partitions))
            .SetPartitionsRevokedHandler((_, partitions) => OnRevoked(partitions.Select(p => p.TopicPartition).ToList()))
            .SetPartitionsLostHandler((_, partitions) => OnLost(partitions.Select(p => p.TopicPartition).ToList()))
            .Build();
        var restorer = new StateRestorer(_restoreConsumer, runtime.Config.StateRestoreListener, _logger, _timeout);
        Restorer = restorer;
        _tasks = new TaskManager(runtime, _sink, new ThreadCache(runtime.Config.CacheMaxBytes / runtime.Config.NumStreamThreads), restorer, _logger);
        if (runtime.ExactlyOnce) _offsetLog = new OffsetLog(runtime.OffsetLogTopic, _restoreConsumer, _timeout);
        _thread = new Thread(Run) { Name = Name, IsBackground = true };
    }

    public int Index { get; }
    public string Name { get; }
    public Action<StreamThread, Exception> OnFailure { get; }
    public Action<StreamThread> OnRunning { get; }
    public StateRestorer Restorer { get; }
    public ThreadMetrics Metrics { get; } = new();

    /// <summary>True once the thread has its first assignment and has restored it.</summary>
    public bool IsRunning { get; private set; }

    public bool IsAlive => _thread.IsAlive;

    public TaskManager Tasks => _tasks;

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

    private void Run()
    {
        try
        {
            if (_runtime.ExactlyOnce)
            {
                _producer.InitTransactions(_timeout);
                _producer.BeginTransaction();
            }
            _consumer.Subscribe(_runtime.SourceTopics);
            _lastCommitMs = NowMs();
            while (!_stopRequested) RunOnce();
            if (!_killed) ShutDownCleanly();
        }
        catch (Exception ex) when (!_killed)
        {
            _logger.LogError(ex, "Stream thread {Thread} failed", Name);
            CloseDirty();
            OnFailure(this, ex);
        }
        finally
        {
            if (_killed) CloseDirty();
            DisposeClients();
        }
    }

    private void RunOnce()
    {
        Poll();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var processed = _tasks.Process(maxPerTask: 1_000);
        Metrics.Processed(processed);
        _runtime.Instrumentation.AfterProcess(this, _consumer, processed, started);
        _tasks.PunctuateWallClock();
        if (NowMs() - _lastCommitMs >= (long)_runtime.Config.CommitInterval.TotalMilliseconds || _tasks.CommitRequested) Commit();
    }

    private void Poll()
    {
        var buffered = _tasks.Tasks.Any(t => t.BufferedRecords > 0);
        var record = _consumer.Consume(buffered ? TimeSpan.Zero : TimeSpan.FromMilliseconds(100));
        for (var n = 0; record is not null && n < MaxPollRecords; n++)
        {
            if (!record.IsPartitionEOF) _tasks.AddRecord(record);
            record = n + 1 < MaxPollRecords ? _consumer.Consume(TimeSpan.Zero) : null;
        }
        ApplyBackPressure();
    }

    /// <summary>Pauses partitions whose task has a full buffer, so memory stays bounded; resumes them when drained.</summary>
    private void ApplyBackPressure()
    {
        List<TopicPartition>? pause = null, resume = null;
        foreach (var tp in _tasks.Assigned)
        {
            var full = _tasks.BufferedRecords(tp) >= MaxBufferedPerPartition;
            if (full && !_paused.Contains(tp)) (pause ??= []).Add(tp);
            else if (!full && _paused.Contains(tp)) (resume ??= []).Add(tp);
        }
        if (pause is not null)
        {
            _consumer.Pause(pause);
            _paused.UnionWith(pause);
        }
        if (resume is not null)
        {
            _consumer.Resume(resume);
            _paused.ExceptWith(resume);
        }
    }

    private static long NowMs() => Environment.TickCount64;

    public void Dispose() => DisposeClients();
}
