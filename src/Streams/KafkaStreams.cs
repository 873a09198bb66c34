using Microsoft.Extensions.Logging;
using Pulse.Streams.Errors;
using Pulse.Streams.Internal.Kafka;
using Pulse.Streams.Internal.Runtime;

namespace Pulse.Streams;

/// <summary>
/// Runs a <see cref="Topology"/> on Kafka: <see cref="StreamsConfig.ApplicationId"/> is the consumer
/// group, so instances started with the same id share the work (one task per sub-topology and
/// partition); tasks move between instances on rebalance and restore their stores from
/// changelog topics first. <see cref="Start"/> returns at once; <see cref="CloseAsync"/> finishes
/// the record in hand, commits, and leaves the group.
/// </summary>
public sealed partial class KafkaStreams : IAsyncDisposable
{
    private readonly Topology _topology;
    private readonly StreamsConfig _config;
    private readonly ILogger _logger;
    private readonly object _gate = new(); // guards the fields below and every state change
    private readonly List<StreamThread> _threads = []; // live threads: removed when they exit
    private RuntimeContext? _runtime;
    private int _nextThreadIndex;
    private bool _killed;
    private volatile KafkaStreamsState _state = KafkaStreamsState.Created;

    /// <summary>Prepares an instance; nothing connects until <see cref="Start"/>.</summary>
    /// <exception cref="StreamsConfigException">A setting is missing or wrong.</exception>
    public KafkaStreams(Topology topology, StreamsConfig config)
    {
        _topology = topology ?? throw new ArgumentNullException(nameof(topology));
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        if (config.BootstrapServers is null && config.Consumer.BootstrapServers is null)
            throw new StreamsConfigException($"{nameof(StreamsConfig.BootstrapServers)} is required to run on Kafka.");
        _config = config;
        _logger = config.LoggerFactory.CreateLogger("Pulse.Streams.KafkaStreams");
        ProcessId = Guid.NewGuid().ToString("N")[..12];
    }

    /// <summary>This instance's id, part of its client and transactional ids.</summary>
    public string ProcessId { get; }

    /// <summary>The current state.</summary>
    public KafkaStreamsState State => _state;

    /// <summary>Raised on every change of <see cref="State"/>, from the thread that caused it, one change at a time and in order.</summary>
    public event Action<KafkaStreamsStateChange>? StateChanged;

    /// <summary>Decides what a failed stream thread leads to (default: shut this instance down).</summary>
    public Func<Exception, StreamThreadExceptionResponse> UncaughtExceptionHandler { get; set; } = _ => StreamThreadExceptionResponse.ShutdownClient;

    /// <summary>The first failure that put the instance in <see cref="KafkaStreamsState.Error"/>, if any.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>
    /// Creates missing internal topics, checks co-partitioning, and starts the stream threads.
    /// Returns at once; watch <see cref="State"/> or <see cref="StateChanged"/> for Running.
    /// </summary>
    /// <exception cref="InvalidOperationException">Already started.</exception>
    /// <exception cref="StreamsException">A source topic is missing, or internal topics cannot be made.</exception>
    public void Start()
    {
        lock (_gate)
        {
            if (State != KafkaStreamsState.Created) throw new InvalidOperationException($"KafkaStreams can start once; it is {State}.");
            NativeLibraryLoader.EnsureLoaded();
            _runtime = RuntimeFactory.Create(_topology, _config, ProcessId, StateDirLockTimeout);
            _runtime.Instrumentation.ObserveThreads(() => Threads);
            SetState(KafkaStreamsState.Rebalancing);
            StartMembershipThread();
            if (!StartGlobalThread()) StartStreamThreads(); // else they start once the global stores are bootstrapped
        }
    }

    /// <summary>
    /// Stops every thread: each finishes the record in hand, flushes, commits and leaves the group.
    /// Returns false when <paramref name="timeout"/> passed first: the state stays PendingShutdown
    /// and becomes NotRunning when the last thread ends.
    /// </summary>
    public async Task<bool> CloseAsync(TimeSpan timeout)
    {
        List<StreamThread> threads;
        lock (_gate)
        {
            if (State == KafkaStreamsState.Created) SetState(KafkaStreamsState.NotRunning);
            if (State != KafkaStreamsState.Error && State != KafkaStreamsState.PendingShutdown && _threads.Count > 0)
                SetState(KafkaStreamsState.PendingShutdown);
            threads = [.. _threads];
            FinishIfStopped();
        }
        foreach (var t in threads) t.RequestStop();
        _membershipThread?.RequestStop();
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        TimeSpan Remaining() => TimeSpan.FromMilliseconds(Math.Max(0, deadline - Environment.TickCount64));
        var joined = await Task.Run(() => threads.All(t => t.Join(Remaining())) & StopGlobalThread(Remaining()) & StopMembershipThread(Remaining())).ConfigureAwait(false);
        lock (_gate)
        {
            DisposeQueries();
            // An instance still bootstrapping its global stores has no stream thread to finish the close.
            if (_threads.Count == 0 && State is KafkaStreamsState.Rebalancing or KafkaStreamsState.Running) SetState(KafkaStreamsState.PendingShutdown);
            FinishIfStopped();
        }
        return joined;
    }

    /// <summary>Closes with a 30-second timeout.</summary>
    public async ValueTask DisposeAsync() => await CloseAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);

    /// <summary>Stops at once as a crash would (no commit, no leaving the group): for failure tests.</summary>
    internal void Kill()
    {
        List<StreamThread> threads;
        lock (_gate)
        {
            _killed = true;
            threads = [.. _threads];
        }
        foreach (var t in threads) t.Kill();
        var deadline = Environment.TickCount64 + 30_000;
        foreach (var t in threads) t.Join(TimeSpan.FromMilliseconds(Math.Max(0, deadline - Environment.TickCount64)));
        lock (_gate)
        {
            KillGlobalThread();
            KillMembershipThread();
            DisposeQueries();
            SetState(KafkaStreamsState.NotRunning);
            _runtime?.Dispose();
        }
    }

    /// <summary>How long a thread waits for the state directory of a task another owner still holds (tests shorten it).</summary>
    internal TimeSpan StateDirLockTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The live stream threads.</summary>
    internal IReadOnlyList<StreamThread> Threads
    {
        get
        {
            lock (_gate) return [.. _threads];
        }
    }

    /// <summary>The tasks this instance's threads hold now.</summary>
    internal IReadOnlyList<TaskId> ActiveTasks => [.. Threads.SelectMany(t => t.ActiveTasks)];

    private void StartThread()
    {
        var thread = new StreamThread(_runtime!, _nextThreadIndex++,
            new StreamThread.Callbacks(OnThreadRebalancing, OnThreadRunning, OnThreadFailed, OnThreadExited));
        _threads.Add(thread);
        thread.Start();
    }

    private void OnThreadRebalancing(StreamThread thread)
    {
        lock (_gate)
        {
            if (State == KafkaStreamsState.Running) SetState(KafkaStreamsState.Rebalancing);
        }
    }

    private void OnThreadRunning(StreamThread thread)
    {
        lock (_gate)
        {
            if (State == KafkaStreamsState.Rebalancing && _threads.All(t => t.IsRunning)) SetState(KafkaStreamsState.Running);
        }
    }

    private void OnThreadFailed(StreamThread thread, Exception exception)
    {
        StreamThreadExceptionResponse response;
        try
        {
            response = UncaughtExceptionHandler(exception);
        }
        catch (Exception handlerFailure)
        {
            _logger.LogError(handlerFailure, "The uncaught exception handler threw; shutting down");
            response = StreamThreadExceptionResponse.ShutdownClient;
        }
        lock (_gate)
        {
            if (_killed || State is KafkaStreamsState.PendingShutdown or KafkaStreamsState.NotRunning or KafkaStreamsState.Error) return;
            if (response == StreamThreadExceptionResponse.ReplaceThread)
            {
                _logger.LogWarning(exception, "Replacing failed stream thread {Thread}", thread.Name);
                _threads.Remove(thread);
                SetState(KafkaStreamsState.Rebalancing);
                StartThread();
                return;
            }
            _logger.LogError(exception, "Stream thread {Thread} failed; shutting down", thread.Name);
            Failure = exception;
            foreach (var t in _threads) t.RequestStop();
            _membershipThread?.RequestStop();
            SetState(KafkaStreamsState.Error);
        }
    }

    private void OnThreadExited(StreamThread thread)
    {
        lock (_gate)
        {
            _threads.Remove(thread);
            if (!_killed) FinishIfStopped();
        }
    }

    /// <summary>Under the lock: once no thread is left after a close or a failure, frees the shared clients and settles the state.</summary>
    private void FinishIfStopped()
    {
        if (_threads.Count > 0 || State is not (KafkaStreamsState.PendingShutdown or KafkaStreamsState.Error or KafkaStreamsState.NotRunning)) return;
        _runtime?.Dispose();
        if (State == KafkaStreamsState.PendingShutdown) SetState(KafkaStreamsState.NotRunning);
    }

    private void SetState(KafkaStreamsState next)
    {
        var old = _state;
        if (old == next) return;
        _state = next;
        _logger.LogInformation("State {Old} -> {New}", old, next);
        StateChanged?.Invoke(new KafkaStreamsStateChange(next, old));
    }
}
