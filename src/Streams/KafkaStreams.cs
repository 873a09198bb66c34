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
    private readonly object _gate = new();
    private readonly List<StreamThread> _threads = [];
    private RuntimeContext? _runtime;
    private int _nextThreadIndex;

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
    public KafkaStreamsState State { get; private set; } = KafkaStreamsState.Created;

    /// <summary>Raised on every change of <see cref="State"/>, from the thread that caused it.</summary>
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
            _runtime = RuntimeFactory.Create(_topology, _config, ProcessId);
            SetState(KafkaStreamsState.Rebalancing);
            if (!StartGlobalThread()) StartStreamThreads(); // else they start once the global stores are bootstrapped
        }
    }

    /// <summary>
    /// Stops every thread: each finishes the record in hand, flushes, commits and leaves the group.
    /// Returns false when <paramref name="timeout"/> passed first (threads go on closing in the background).
    /// </summary>
    public async Task<bool> CloseAsync(TimeSpan timeout)
    {
        List<StreamThread> threads;
        lock (_gate)
        {
            if (State is KafkaStreamsState.NotRunning or KafkaStreamsState.Error or KafkaStreamsState.Created)
            {
                if (State == KafkaStreamsState.Created) SetState(KafkaStreamsState.NotRunning);
                return true;
            }
            SetState(KafkaStreamsState.PendingShutdown);
            threads = [.. _threads];
        }
        foreach (var t in threads) t.RequestStop();
        var joined = await Task.Run(() => threads.All(t => t.Join(timeout)) & StopGlobalThread(timeout)).ConfigureAwait(false);
        lock (_gate)
        {
            DisposeQueries();
            _runtime?.Dispose();
            if (State == KafkaStreamsState.PendingShutdown) SetState(KafkaStreamsState.NotRunning);
        }
        return joined;
    }

    /// <summary>Closes with a 30-second timeout.</summary>
    public async ValueTask DisposeAsync() => await CloseAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);

    /// <summary>Stops at once as a crash would (no commit, no leaving the group): for failure tests.</summary>
    internal void Kill()
    {
        lock (_gate)
        {
            foreach (var t in _threads) t.Kill();
            foreach (var t in _threads) t.Join(TimeSpan.FromSeconds(30));
            KillGlobalThread();
            DisposeQueries();
            _runtime?.Dispose();
            SetState(KafkaStreamsState.NotRunning);
        }
    }

    internal IReadOnlyList<StreamThread> Threads
    {
        get
        {
            lock (_gate) return [.. _threads];
        }
    }

    private void StartThread()
    {
        var thread = new StreamThread(_runtime!, _nextThreadIndex++, OnThreadFailed, OnThreadRunning);
        _threads.Add(thread);
        thread.Start();
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
        var response = UncaughtExceptionHandler(exception);
        lock (_gate)
        {
            _threads.Remove(thread);
            if (State is KafkaStreamsState.PendingShutdown or KafkaStreamsState.NotRunning or KafkaStreamsState.Error) return;
            if (response == StreamThreadExceptionResponse.ReplaceThread)
            {
                _logger.LogWarning(exception, "Replacing failed stream thread {Thread}", thread.Name);
                SetState(KafkaStreamsState.Rebalancing);
                StartThread();
                return;
            }
            Failure = exception;
            foreach (var t in _threads) t.RequestStop();
            SetState(KafkaStreamsState.Error);
        }
    }

    private void SetState(KafkaStreamsState next)
    {
        var old = State;
        if (old == next) return;
        State = next;
        _logger.LogInformation("State {Old} -> {New}", old, next);
        StateChanged?.Invoke(new KafkaStreamsStateChange(next, old));
    }
}
