using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Pulse.Streams.Errors;
using Pulse.Streams.Internal.Processor;
using Pulse.Streams.Internal.State;

namespace Pulse.Streams.Internal.Runtime;

/// <summary>
/// Keeps the global stores of one instance: a consumer of its own, in no group, assigned every
/// partition of the global topics, feeding one <see cref="StreamTask"/> per global sub-topology
/// (built as the TopologyTestDriver builds its global task). Life: lock the state directories, open
/// the stores, bootstrap (read every partition to the end it had at start, from the checkpoint or the
/// beginning), tell the instance (which then starts its stream threads), then apply new records until
/// stopped, flushing the stores and checkpointing the offsets every commit interval and on close.
/// Invariants: only this thread writes the global stores (stream threads and queries read them
/// through <see cref="KeyValueReadOnlyView{TKey, TValue}"/>s, under the stores' locks); a checkpoint
/// never names an offset beyond what the flushed stores hold.
/// </summary>
internal sealed class GlobalStreamThread
{
    private readonly RuntimeContext _runtime;
    private readonly Action _onBootstrapped;
    private readonly Action<Exception> _onFailure;
    private readonly ILogger _logger;
    private readonly Thread _thread;
    private readonly Dictionary<string, StreamTask> _tasksByTopic = new(StringComparer.Ordinal);
    private readonly Dictionary<TopicPartition, long> _positions = [];
    private readonly List<(StreamTask Task, TaskDirectory Directory)> _open = [];
    private readonly TimeSpan _timeout = TimeSpan.FromSeconds(30);
    private volatile bool _stopRequested;
    private volatile bool _killed;

    public GlobalStreamThread(RuntimeContext runtime, Action onBootstrapped, Action<Exception> onFailure)
    {
        _runtime = runtime;
        _onBootstrapped = onBootstrapped;
        _onFailure = onFailure;
        _logger = runtime.Config.LoggerFactory.CreateLogger("Pulse.Streams.GlobalStreamThread");
        Name = $"{runtime.Config.ApplicationId}-{runtime.ProcessId}-GlobalStreamThread";
        foreach (var task in runtime.GlobalTasks)
            foreach (var tp in task.Inputs) _tasksByTopic[tp.Topic] = task;
        _thread = new Thread(Run) { Name = Name, IsBackground = true };
    }

    public string Name { get; }

    /// <summary>True once every global store has read its topics to the end they had at start.</summary>
    public bool Bootstrapped { get; private set; }

    /// <summary>The global task of each global sub-topology, with every partition of its topics as inputs.</summary>
    public static IReadOnlyList<StreamTask> CreateTasks(InternalTopologyBuilder builder, IEnumerable<Subtopology> globals, StreamsConfig config,
        IReadOnlyDictionary<string, int> partitions, Func<string, string> resolve) =>
        globals.Select(sub => new StreamTask(new TaskId(sub.Id, 0), builder.Build(sub, resolve), config, new NoSink(), new ThreadCache(0),
            sub.SourceTopics.Select(resolve).SelectMany(t => Enumerable.Range(0, partitions[t]).Select(p => new TopicPartition(t, p))), resolve)).ToList();

    public void Start() => _thread.Start();

    public void RequestStop() => _stopRequested = true;

    /// <summary>Stops as a crash would: no flush, no checkpoint.</summary>
    public void Kill()
    {
        _killed = true;
        _stopRequested = true;
    }

    public bool Join(TimeSpan timeout) => _thread.Join(timeout);

    private void Run()
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(ConsumerConfig()).LogTo(_runtime.Config.LoggerFactory.CreateLogger(KafkaClientLogging.Category)).Build();
        try
        {
            Open(consumer);
            Bootstrap(consumer);
            Bootstrapped = true;
            _onBootstrapped();
            var lastFlush = Environment.TickCount64;
            while (!_stopRequested)
            {
                Poll(consumer, TimeSpan.FromMilliseconds(100));
                if (Environment.TickCount64 - lastFlush >= (long)_runtime.Config.CommitInterval.TotalMilliseconds)
                {
                    Checkpoint();
                    lastFlush = Environment.TickCount64;
                }
            }
            Close(clean: !_killed);
        }
        catch (Exception ex) when (!_killed)
        {
            _logger.LogError(ex, "Global stream thread {Thread} failed", Name);
            Close(clean: false);
            _onFailure(ex);
        }
        finally
        {
            consumer.Close();
        }
    }

    private ConsumerConfig ConsumerConfig()
    {
        var config = new ConsumerConfig(_runtime.Config.Consumer.ToDictionary(kv => kv.Key, kv => kv.Value))
        {
            GroupId = _runtime.Config.ApplicationId + "-global", // required by the client; never joined or committed to
            ClientId = Name + "-consumer",
            EnableAutoCommit = false,
            EnablePartitionEof = true,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            IsolationLevel = _runtime.ExactlyOnce ? IsolationLevel.ReadCommitted : IsolationLevel.ReadUncommitted,
        };
        config.BootstrapServers ??= _runtime.Config.BootstrapServers;
        config.FetchWaitMaxMs ??= 10;
        config.FetchQueueBackoffMs ??= 10; // see ClientConfigs: the default 1 s stalls a reader faster than the fetcher
        return config;
    }

    /// <summary>Locks each global task's directory, opens its stores and assigns its partitions from the checkpoint (or the beginning, over wiped state).</summary>
    private void Open(IConsumer<byte[], byte[]> consumer)
    {
        var starts = new List<TopicPartitionOffset>();
        foreach (var task in _runtime.GlobalTasks)
        {
            var directory = TaskDirectory.Lock(_runtime.Config, task.Id, _timeout);
            _open.Add((task, directory));
            var checkpoint = directory.ReadCheckpoint();
            if (checkpoint.Count == 0) directory.Wipe(); // what is on disk cannot be placed: rebuild from the topics
            task.InitializeStores();
            task.InitializeTopology();
            foreach (var tp in task.Inputs)
            {
                if (checkpoint.TryGetValue(tp, out var offset)) _positions[tp] = offset;
                starts.Add(new TopicPartitionOffset(tp, checkpoint.ContainsKey(tp) ? new Offset(offset) : Offset.Beginning));
            }
        }
        consumer.Assign(starts);
    }

    /// <summary>Reads every partition up to its end offset at start, so stream threads start against complete global stores.</summary>
    private void Bootstrap(IConsumer<byte[], byte[]> consumer)
    {
        var pending = new Dictionary<TopicPartition, long>();
        foreach (var tp in _runtime.GlobalTasks.SelectMany(t => t.Inputs))
        {
            var end = consumer.QueryWatermarkOffsets(tp, _timeout).High.Value;
            if (end > _positions.GetValueOrDefault(tp, 0)) pending[tp] = end;
        }
        _logger.LogInformation("{Thread} bootstrapping {Count} partition(s) of global topics", Name, pending.Count);
        var deadline = Environment.TickCount64 + (long)_timeout.TotalMilliseconds;
        while (pending.Count > 0 && !_stopRequested)
        {
            var progressed = Poll(consumer, TimeSpan.FromMilliseconds(200), pending);
            if (progressed) deadline = Environment.TickCount64 + (long)_timeout.TotalMilliseconds;
            else if (Environment.TickCount64 > deadline)
                throw new StreamsException($"Bootstrapping the global stores stalled: {string.Join(", ", pending.Select(p => $"{p.Key} at {_positions.GetValueOrDefault(p.Key)} of {p.Value}"))}.");
        }
        Checkpoint();
    }

    /// <summary>Applies what one poll brings (up to 10,000 records); removes partitions that reached their end from <paramref name="pending"/>.</summary>
    private bool Poll(IConsumer<byte[], byte[]> consumer, TimeSpan wait, Dictionary<TopicPartition, long>? pending = null)
    {
        var touched = new HashSet<StreamTask>();
        var progressed = false;
        var record = consumer.Consume(wait);
        for (var n = 0; record is not null && n < 10_000; n++)
        {
            var tp = record.TopicPartition;
            if (record.IsPartitionEOF)
            {
                if (pending is not null && pending.Remove(tp)) progressed = true; // read_committed: what is left are markers or aborted records
            }
            else
            {
                var task = _tasksByTopic[tp.Topic];
                task.AddRecord(tp, record);
                touched.Add(task);
                _positions[tp] = record.Offset.Value + 1;
                progressed = true;
                if (pending is not null && pending.TryGetValue(tp, out var end) && record.Offset.Value + 1 >= end) pending.Remove(tp);
            }
            record = consumer.Consume(TimeSpan.Zero);
        }
        foreach (var task in touched)
        {
            while (task.Process()) { }
            task.PrepareCommit();
        }
        return progressed;
    }

    /// <summary>Makes the stores durable, then records how far they reflect the topics.</summary>
    private void Checkpoint()
    {
        foreach (var (task, directory) in _open)
        {
            task.FlushStores();
            directory.WriteCheckpoint(task.Inputs.Where(_positions.ContainsKey).ToDictionary(tp => tp, tp => _positions[tp]));
        }
    }

    private void Close(bool clean)
    {
        foreach (var (task, directory) in _open)
        {
            try
            {
                if (clean)
                {
                    task.PrepareCommit();
                    task.FlushStores();
                    directory.WriteCheckpoint(task.Inputs.Where(_positions.ContainsKey).ToDictionary(tp => tp, tp => _positions[tp]));
                }
                task.Close(clean);
            }
            catch (Exception ex)
            {
                _logger.LogWarning(ex, "Closing global task {Task} failed", task.Id);
            }
            finally
            {
                directory.Dispose();
            }
        }
        _open.Clear();
    }

    /// <summary>The sink of global tasks: global sub-topologies only fill stores, so nothing is ever sent.</summary>
    private sealed class NoSink : IRecordSink
    {
        public int? PartitionsFor(string topic) => null;

        public void Send(string topic, int? partition, byte[]? key, byte[]? value, Headers? headers, long timestamp) =>
            throw new StreamsException($"A global sub-topology tried to write to '{topic}'; global tables and stores only fill their stores.");

        public void Flush() { }
    }
}
