using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Pulse.Streams.Errors;
using Pulse.Streams.Internal.State;
using Pulse.Streams.Processor;
using Pulse.Streams.Serialization;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.Processor;

/// <summary>
/// The state a task shares with its nodes and stores: the record in hand and the node processing
/// it, stream time, the collector, the cache, the stores and the punctuation queues.
/// Invariant: <see cref="CurrentNode"/> and <see cref="RecordContext"/> describe the call in
/// progress, and are restored after every forward, flush and punctuation.
/// </summary>
internal sealed class TaskContext : IStateStoreContext
{
    private readonly Dictionary<string, IStateStore> _stores = new(StringComparer.Ordinal);
    private readonly Func<string, string> _resolveTopic;
    private string? _stateDir;

    public TaskContext(StreamsConfig config, TaskId taskId, IRecordSink sink, ThreadCache cache, Func<string, string>? resolveTopic = null)
    {
        Config = config;
        TaskId = taskId;
        Cache = cache;
        Collector = new RecordCollector(sink, this);
        Errors = new TaskErrors(this, new DeadLetterQueue(config, Collector, Metrics, config.LoggerFactory.CreateLogger("Pulse.Streams.Task")));
        _resolveTopic = resolveTopic ?? (t => t);
    }

    public StreamsConfig Config { get; }
    public TaskId TaskId { get; }
    public string ApplicationId => Config.ApplicationId;
    public RecordCollector Collector { get; }
    public ThreadCache Cache { get; }
    public StateManager State { get; } = new();
    public ProcessorNode? CurrentNode { get; set; }
    public ProcessorRecordContext? RecordContext { get; set; }
    public long StreamTime { get; set; } = -1;
    public bool CommitRequested { get; set; }

    /// <summary>True while the task closes without committing: caches are dropped, not flushed.</summary>
    public bool ClosingDirty { get; set; }

    /// <summary>What to run when the task's processors close (after them): helpers a processor's Init made, such as a table lookup's own transformer.</summary>
    public List<Action> CloseActions { get; } = [];
    public PunctuationQueue StreamTimePunctuations { get; } = new();
    public PunctuationQueue WallClockPunctuations { get; } = new();
    public TaskMetrics Metrics { get; } = new();

    public long WallClockMs => Config.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    public string StateDir
    {
        get
        {
            if (_stateDir is null)
            {
                _stateDir = Path.Combine(Config.StateDir, Config.ApplicationId, TaskId.ToString());
                Directory.CreateDirectory(_stateDir);
            }
            return _stateDir;
        }
    }

    private object? _sourceKey;
    private object? _sourceKeySerde;

    /// <summary>The key the source in hand deserialized, and with which serde (a record queue sets them as it hands a record over).</summary>
    public void SetSourceKey(object? key, object serde) => (_sourceKey, _sourceKeySerde) = (key, serde);

    /// <summary>
    /// The bytes the record in hand was read with, when <paramref name="key"/> is the key the source made of them,
    /// <paramref name="serde"/> the source's own, and serializing would give the same bytes (<see cref="Serde{T}.Reproduces"/>);
    /// else null. A store or sink passing the key on unchanged then writes it without serializing it again.
    /// </summary>
    public byte[]? SourceKeyBytes<TKey>(TKey key, Serde<TKey> serde)
    {
        if (typeof(TKey).IsValueType || key is null) return null;
        if (RecordContext is not { IsReused: true, RawKey: { } raw } || !ReferenceEquals(key, _sourceKey) || !ReferenceEquals(serde, _sourceKeySerde)) return null;
        return serde.Reproduces(raw) ? raw : null;
    }

    /// <summary>The timestamp to give records written outside a source record (a punctuation, a flush).</summary>
    public long CurrentTimestamp => RecordContext?.Timestamp ?? Math.Max(StreamTime, 0);

    public string ResolveTopic(string topic) => _resolveTopic(topic);

    public string ChangelogTopic(string storeName) =>
        SourceChangelogs.TryGetValue(storeName, out var source) ? source : TopicNames.Changelog(ApplicationId, storeName);

    /// <summary>Stores whose changelog is their table's source topic (restored only up to the committed offset).</summary>
    public IReadOnlyDictionary<string, string> SourceChangelogs { get; set; } = new Dictionary<string, string>();

    public bool IsSourceChangelog(string storeName) => SourceChangelogs.ContainsKey(storeName);

    public void AddStore(IStateStore store) => _stores.Add(store.Name, store);

    public IStateStore? FindStore(string name) => _stores.GetValueOrDefault(name);

    /// <summary>
    /// Registers <paramref name="store"/>'s restore callback with its changelog. A timestamped key-value store reads raw values
    /// there (its own changelog's or its table's source topic's): each gets its record's timestamp joined before it again.
    /// </summary>
    public void Register(IStateStore store, Action<IReadOnlyList<KeyValuePair<byte[], byte[]?>>> restoreBatch) =>
        State.Register(store.Name, ChangelogTopic(store.Name), store is ITimestampedStore { Timestamped: true }
            ? batch => restoreBatch(TimestampedValues.Stamp(batch))
            : restoreBatch);

    /// <summary>Global stores, readable by every processor without connecting them.</summary>
    public IReadOnlyDictionary<string, IStateStore> GlobalStores { get; set; } = new Dictionary<string, IStateStore>();

    public TStore GetStateStore<TStore>(ProcessorNode node, string name) where TStore : IStateStore
    {
        if (GlobalStores.TryGetValue(name, out var global) && !_stores.ContainsKey(name))
            return global is TStore g ? g : throw new StreamsException($"Global store '{name}' is a {global.GetType().Name}, not a {typeof(TStore).Name}.");
        if (!node.StoreNames.Contains(name))
            throw new StreamsException($"Processor '{node.Name}' has no access to state store '{name}': connect it when adding the processor.");
        if (!_stores.TryGetValue(name, out var store))
            throw new StreamsException($"State store '{name}' does not exist in task {TaskId}.");
        return store is TStore typed ? typed : throw new StreamsException(
            $"State store '{name}' is a {store.GetType().Name}, not a {typeof(TStore).Name}.");
    }

    public ICancellable Schedule(ProcessorNode node, TimeSpan interval, PunctuationType type, Action<long> punctuator)
    {
        var ms = (long)interval.TotalMilliseconds;
        if (ms < 1) throw new ArgumentOutOfRangeException(nameof(interval), interval, "A punctuation interval must be at least 1 ms.");
        ArgumentNullException.ThrowIfNull(punctuator);
        var schedule = type == PunctuationType.StreamTime
            ? new PunctuationSchedule(node, 0, ms, punctuator)
            : new PunctuationSchedule(node, WallClockMs + ms, ms, punctuator);
        (type == PunctuationType.StreamTime ? StreamTimePunctuations : WallClockPunctuations).Add(schedule);
        return schedule;
    }

    /// <summary>Fires one punctuation with its node current and a source-less record context.</summary>
    public void Punctuate(PunctuationSchedule schedule, long timestamp)
    {
        var (node, record) = (CurrentNode, RecordContext);
        CurrentNode = schedule.Node;
        RecordContext = ProcessorRecordContext.ForPunctuation(timestamp);
        try
        {
            schedule.Punctuator(timestamp);
        }
        catch (Exception ex) when (ex is not StreamsException)
        {
            Errors.HandleProcessingError(schedule.Node, null, null, ex);
        }
        finally
        {
            (CurrentNode, RecordContext) = (node, record);
        }
    }

    /// <summary>The error handlers' answers for this task's records, and their dead letters.</summary>
    public TaskErrors Errors { get; }
}
