using Confluent.Kafka;
using Microsoft.Extensions.Time.Testing;
using Pulse.Streams.Internal.Processor;
using Pulse.Streams.Internal.State;
using Pulse.Streams.Serialization;
using Pulse.Streams.State;

namespace Pulse.Streams.Testing;

/// <summary>
/// Runs a <see cref="Topology"/> with no broker, through the same tasks the Kafka runtime uses.
/// <para>Set up: <c>using var driver = new TopologyTestDriver(topology, config);</c> then
/// <c>var input = driver.CreateInputTopic("in", Serdes.String, Serdes.Int64);</c> and
/// <c>var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.Int64);</c>.</para>
/// <para>Process: <c>input.PipeInput("k", 1L, timestamp)</c> processes the record at once, with
/// everything it causes downstream (repartition topics included); <see cref="AdvanceWallClockTime"/>
/// fires wall-clock punctuations.</para>
/// <para>Inspect: read outputs (<c>output.ReadKeyValue()</c>, <c>ReadRecordsToList()</c>), stores
/// (<see cref="GetKeyValueStore{TKey, TValue}(string)"/>), changelog and dead-letter topics like any output,
/// and <see cref="Metrics"/>.</para>
/// Beyond Kafka's driver: several partitions per topic, and commits on demand
/// (<see cref="TopologyTestDriverOptions"/>, <see cref="Commit"/>) so cache behaviour is testable.
/// </summary>
public sealed class TopologyTestDriver : IDisposable
{
    private readonly StreamsConfig _config;
    private readonly TopologyTestDriverOptions _options;
    private readonly FakeTimeProvider _time;
    private readonly DriverTopics _topics;
    private readonly List<StreamTask> _tasks = [];
    private readonly StreamTask? _globalTask;
    private readonly Dictionary<string, List<StreamTask>> _tasksByTopic = new(StringComparer.Ordinal);
    private readonly HashSet<string> _internalTopics = new(StringComparer.Ordinal);
    private readonly string _stateDir;
    private long _lastCommitMs;
    private bool _disposed;
    private readonly Topology _topology;

    /// <summary>Creates a driver; the wall clock starts at <paramref name="initialWallClockTime"/> (default: now).</summary>
    public TopologyTestDriver(Topology topology, StreamsConfig? config = null, DateTimeOffset? initialWallClockTime = null,
        TopologyTestDriverOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(topology);
        _topology = topology;
        _options = options ?? new TopologyTestDriverOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.Partitions, 1, nameof(options));
        _time = new FakeTimeProvider(initialWallClockTime ?? DateTimeOffset.UtcNow);
        _config = (config ?? new StreamsConfig()).Clone();
        if (string.IsNullOrEmpty(_config.ApplicationId)) _config.ApplicationId = "topology-test-driver";
        _stateDir = Path.Combine(Path.GetTempPath(), "pulse-ttd", Guid.NewGuid().ToString("N"));
        _config.StateDir = _stateDir;
        _config.TimeProvider = _time;
        _topics = new DriverTopics(_options.Partitions);
        _lastCommitMs = _time.GetUtcNow().ToUnixTimeMilliseconds();

        var builder = topology.Builder;
        foreach (var t in builder.InternalTopics.Keys) _internalTopics.Add(t);
        var cache = new ThreadCache(_config.CacheMaxBytes);
        var globalStores = new Dictionary<string, IStateStore>(StringComparer.Ordinal);
        foreach (var sub in builder.Subtopologies())
        {
            var topics = sub.SourceTopics.Select(ResolveTopic).ToList();
            if (sub.IsGlobal)
            {
                var global = new StreamTask(new TaskId(sub.Id, 0), builder.Build(sub, ResolveTopic), _config, _topics, cache,
                    topics.SelectMany(t => Enumerable.Range(0, _options.Partitions).Select(p => new TopicPartition(t, p))), ResolveTopic);
                foreach (var s in global.Topology.Stores) globalStores[s.Name] = s;
                _globalTask = global;
                foreach (var t in topics) _tasksByTopic[t] = [global];
                continue;
            }
            for (var p = 0; p < _options.Partitions; p++)
            {
                var task = new StreamTask(new TaskId(sub.Id, p), builder.Build(sub, ResolveTopic), _config, _topics, cache,
                    topics.Select(t => new TopicPartition(t, p)), ResolveTopic);
                _tasks.Add(task);
                foreach (var t in topics)
                {
                    if (!_tasksByTopic.TryGetValue(t, out var list)) _tasksByTopic[t] = list = [];
                    list.Add(task);
                }
            }
        }
        _globalTask?.Initialize();
        foreach (var task in _tasks)
        {
            task.Context.GlobalStores = globalStores;
            task.Initialize();
        }
    }

    /// <summary>Every topic the topology has written to so far (outputs, repartition, changelog and dead-letter topics).</summary>
    public IReadOnlySet<string> ProducedTopicNames => _topics.ProducedTopicNames;

    /// <summary>Counters summed over the driver's tasks.</summary>
    public DriverMetrics Metrics => new(
        _tasks.Sum(t => t.Context.Metrics.ProcessedRecords), _tasks.Sum(t => t.Context.Metrics.DroppedRecords),
        _tasks.Sum(t => t.Context.Metrics.LateRecordsDropped), _tasks.Sum(t => t.Context.Metrics.DeadLetters));

    /// <summary>An input topic writing with the given serdes; records without a timestamp get the topic's clock, which starts at <paramref name="startTimestamp"/> (default: the driver's wall clock) and advances by <paramref name="autoAdvance"/> after each record.</summary>
    public TestInputTopic<TKey, TValue> CreateInputTopic<TKey, TValue>(string topic, Serde<TKey> keySerde, Serde<TValue> valueSerde,
        DateTimeOffset? startTimestamp = null, TimeSpan? autoAdvance = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        return new TestInputTopic<TKey, TValue>(this, topic, keySerde, valueSerde, startTimestamp ?? _time.GetUtcNow(), autoAdvance ?? TimeSpan.Zero);
    }

    /// <summary>An output topic read with the given serdes (any topic: outputs, changelogs, dead letters).</summary>
    public TestOutputTopic<TKey, TValue> CreateOutputTopic<TKey, TValue>(string topic, Serde<TKey> keySerde, Serde<TValue> valueSerde)
        where TKey : notnull
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        return new TestOutputTopic<TKey, TValue>(_topics, topic, keySerde, valueSerde);
    }

    /// <summary>Moves the wall clock forward, firing wall-clock punctuations (and commits when their interval has passed).</summary>
    public void AdvanceWallClockTime(TimeSpan advance)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(advance, TimeSpan.Zero);
        _time.Advance(advance);
        foreach (var task in _tasks)
        {
            if (task.MaybePunctuateSystemTime() && _options.CommitEveryRecord) task.PrepareCommit();
            CaptureOutputs();
        }
        CompleteAllProcessableWork();
        if (!_options.CommitEveryRecord && _time.GetUtcNow().ToUnixTimeMilliseconds() - _lastCommitMs >= (long)_config.CommitInterval.TotalMilliseconds)
            Commit();
    }

    /// <summary>
    /// Commits every task as the runtime does: flushes caches (forwarding what they held) and
    /// stores, then processes whatever that sent to repartition topics, until nothing is left.
    /// </summary>
    public void Commit()
    {
        for (var round = 0; round < 1000; round++)
        {
            foreach (var task in _tasks) task.PrepareCommit();
            CaptureOutputs();
            if (!_tasks.Exists(t => t.BufferedRecords > 0)) break;
            CompleteAllProcessableWork();
        }
        _lastCommitMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
    }

    /// <summary>The key-value store <paramref name="name"/> (with several partitions, use the overload that takes one).</summary>
    public IKeyValueStore<TKey, TValue> GetKeyValueStore<TKey, TValue>(string name) => Store<IKeyValueStore<TKey, TValue>>(name, null);

    /// <summary>The key-value store <paramref name="name"/> of the task of <paramref name="partition"/>.</summary>
    public IKeyValueStore<TKey, TValue> GetKeyValueStore<TKey, TValue>(string name, int partition) => Store<IKeyValueStore<TKey, TValue>>(name, partition);

    /// <summary>
    /// The key-value store <paramref name="name"/> of a table (an aggregation, a materialized table or join) read with its rows'
    /// timestamps, as Kafka's driver hands out a <c>TimestampedKeyValueStore</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The store keeps no timestamps (a Processor API store, a global table's).</exception>
    public IReadOnlyKeyValueStore<TKey, ValueAndTimestamp<TValue>> GetTimestampedKeyValueStore<TKey, TValue>(string name) =>
        Store<IKeyValueStore<TKey, TValue>>(name, null) is MeteredKeyValueStore<TKey, TValue> { Timestamped: true } store
            ? new TimestampedKeyValueView<TKey, TValue>(store)
            : throw new InvalidOperationException($"State store '{name}' keeps no timestamps: only the DSL's tables do; read it with GetKeyValueStore.");

    /// <summary>The versioned key-value store <paramref name="name"/>: latest values and reads as of a timestamp.</summary>
    public IVersionedKeyValueStore<TKey, TValue> GetVersionedKeyValueStore<TKey, TValue>(string name) =>
        Store<IVersionedKeyValueStore<TKey, TValue>>(name, null);

    /// <summary>The window store <paramref name="name"/>.</summary>
    public IWindowStore<TKey, TValue> GetWindowStore<TKey, TValue>(string name) => Store<IWindowStore<TKey, TValue>>(name, null);

    /// <summary>The window store <paramref name="name"/> of the task of <paramref name="partition"/>.</summary>
    public IWindowStore<TKey, TValue> GetWindowStore<TKey, TValue>(string name, int partition) => Store<IWindowStore<TKey, TValue>>(name, partition);

    /// <summary>The session store <paramref name="name"/>.</summary>
    public ISessionStore<TKey, TAggregate> GetSessionStore<TKey, TAggregate>(string name) => Store<ISessionStore<TKey, TAggregate>>(name, null);

    /// <summary>The session store <paramref name="name"/> of the task of <paramref name="partition"/>.</summary>
    public ISessionStore<TKey, TAggregate> GetSessionStore<TKey, TAggregate>(string name, int partition) => Store<ISessionStore<TKey, TAggregate>>(name, partition);

    /// <summary>Every store by name (the first task's, when there are several partitions).</summary>
    public IReadOnlyDictionary<string, IStateStore> GetAllStateStores()
    {
        var all = new Dictionary<string, IStateStore>(StringComparer.Ordinal);
        foreach (var task in _globalTask is null ? _tasks : [.. _tasks, _globalTask])
            foreach (var s in task.Topology.Stores) all.TryAdd(s.Name, s);
        return all;
    }

    /// <summary>Closes tasks and stores and deletes the driver's state directory.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var task in _tasks) task.Close();
        _globalTask?.Close();
        try
        {
            if (Directory.Exists(_stateDir)) Directory.Delete(_stateDir, true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    internal void Pipe(string topic, byte[]? key, byte[]? value, Headers? headers, long timestamp, int? partition)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_tasksByTopic.ContainsKey(topic)) SubscribeByPattern(topic);
        if (!_tasksByTopic.ContainsKey(topic))
            throw new ArgumentException($"Unknown topic '{topic}': no source of the topology reads it (sources read: {string.Join(", ", _tasksByTopic.Keys.Order(StringComparer.Ordinal))}).", nameof(topic));
        if (partition is int p && (p < 0 || p >= _options.Partitions))
            throw new ArgumentOutOfRangeException(nameof(partition), p, $"The driver has {_options.Partitions} partition(s) per topic.");
        Enqueue(_topics.AppendInput(topic, partition, key, value, headers, timestamp));
        CompleteAllProcessableWork();
    }

    /// <summary>When a pattern source matches <paramref name="topic"/>, the tasks of its sub-topology start reading it, as a consumer subscribed by pattern would.</summary>
    private void SubscribeByPattern(string topic)
    {
        var builder = _topology.Builder;
        if (builder.PatternSourceFor(topic) is not { } node) return;
        builder.AddPatternTopic(node, topic);
        var sub = builder.Subtopologies().First(s => s.Nodes.Contains(node));
        var tasks = _tasks.Where(t => t.Id.Subtopology == sub.Id).ToList();
        foreach (var task in tasks)
            task.AddInput(new TopicPartition(topic, task.Id.Partition), (ISourceNode)task.Topology.Nodes.First(n => n.Name == node.Name));
        _tasksByTopic[topic] = tasks;
    }

    private string ResolveTopic(string topic) => _internalTopics.Contains(topic) ? $"{_config.ApplicationId}-{topic}" : topic;

    private void Enqueue(in InputRecord record)
    {
        if (!_tasksByTopic.TryGetValue(record.Topic, out var tasks)) return;
        var task = tasks.Count == 1 ? tasks[0] : TaskOf(tasks, record.Topic, record.Partition);
        task.AddRecord(record);
        if (task == _globalTask)
        {
            while (task.Process()) { }
            task.PrepareCommit();
        }
    }

    private static StreamTask TaskOf(List<StreamTask> tasks, string topic, int partition) =>
        tasks.Find(t => t.Inputs.Any(tp => tp.Partition.Value == partition && tp.Topic == topic))!;

    /// <summary>Processes every buffered record, and what it causes, until all tasks are idle.</summary>
    private void CompleteAllProcessableWork()
    {
        bool progressed;
        do
        {
            progressed = false;
            foreach (var task in _tasks)
            {
                while (task.Process())
                {
                    progressed = true;
                    task.MaybePunctuateStreamTime();
                    if (_options.CommitEveryRecord) task.PrepareCommit();
                    CaptureOutputs();
                }
                if (task.CommitRequested) task.PrepareCommit();
            }
        } while (progressed);
    }

    /// <summary>Hands records just produced to topics the topology reads back (repartition topics, say).</summary>
    private void CaptureOutputs()
    {
        while (_topics.HasProduced)
            foreach (var record in _topics.TakeProduced())
                if (_tasksByTopic.ContainsKey(record.Topic)) Enqueue(record);
    }

    private TStore Store<TStore>(string name, int? partition) where TStore : class
    {
        var candidates = new List<(int Partition, IStateStore Store)>();
        foreach (var task in _tasks)
            foreach (var s in task.Topology.Stores)
                if (s.Name == name) candidates.Add((task.Id.Partition, s));
        if (_globalTask?.Topology.Stores.FirstOrDefault(s => s.Name == name) is { } g) candidates.Add((0, g));
        if (candidates.Count == 0)
            throw new ArgumentException($"No state store named '{name}'; stores: [{string.Join(", ", GetAllStateStores().Keys)}].", nameof(name));
        if (partition is null && candidates.Count > 1)
            throw new InvalidOperationException($"State store '{name}' exists once per partition ({candidates.Count}); pass the partition.");
        var store = partition is int p ? candidates.Find(c => c.Partition == p).Store : candidates[0].Store;
        return store as TStore ?? throw new InvalidOperationException($"State store '{name}' is a {store?.GetType().Name ?? "missing store"}, not a {typeof(TStore).Name}.");
    }
}

/// <summary>Counters of a driver's tasks.</summary>
/// <param name="ProcessedRecords">Records taken from input queues.</param>
/// <param name="DroppedRecords">Records skipped: bad bytes, handler Continue, null keys, late records.</param>
/// <param name="LateRecordsDropped">Records dropped because their window had closed.</param>
/// <param name="DeadLetters">Records sent to the dead-letter topic.</param>
public sealed record DriverMetrics(long ProcessedRecords, long DroppedRecords, long LateRecordsDropped, long DeadLetters);
