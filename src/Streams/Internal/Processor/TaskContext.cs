using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Pulse.Streams.Errors;
using Pulse.Streams.Internal.State;
using Pulse.Streams.Processor;
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
    private readonly ILogger _logger;
    private readonly Func<string, string> _resolveTopic;
    private string? _stateDir;

    public TaskContext(StreamsConfig config, TaskId taskId, IRecordSink sink, ThreadCache cache, Func<string, string>? resolveTopic = null)
    {
        Config = config;
        TaskId = taskId;
        Cache = cache;
        Collector = new RecordCollector(sink, this);
        _resolveTopic = resolveTopic ?? (t => t);
        _logger = config.LoggerFactory.CreateLogger("Pulse.Streams.Task");
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

    /// <summary>The timestamp to give records written outside a source record (a punctuation, a flush).</summary>
    public long CurrentTimestamp => RecordContext?.Timestamp ?? Math.Max(StreamTime, 0);

    public string ResolveTopic(string topic) => _resolveTopic(topic);

    public string ChangelogTopic(string storeName) => TopicNames.Changelog(ApplicationId, storeName);

    public void AddStore(IStateStore store) => _stores.Add(store.Name, store);

    public IStateStore? FindStore(string name) => _stores.GetValueOrDefault(name);

    public void Register(IStateStore store, Action<IReadOnlyList<KeyValuePair<byte[], byte[]?>>> restoreBatch) =>
        State.Register(store.Name, ChangelogTopic(store.Name), restoreBatch);

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
            HandleProcessingError(schedule.Node, null, null, ex);
        }
        finally
        {
            (CurrentNode, RecordContext) = (node, record);
        }
    }

    public ErrorHandlerContext ErrorContext(string? nodeName) =>
        RecordContext is { } rc
            ? new ErrorHandlerContext(rc.Topic, rc.Partition, rc.Offset, rc.Headers, nodeName, TaskId, rc.Timestamp)
            : new ErrorHandlerContext("", -1, -1, null, nodeName, TaskId, -1);

    public void HandleProcessingError(ProcessorNode node, object? key, object? value, Exception exception)
    {
        var errorContext = ErrorContext(node.Name);
        var response = Config.ProcessingExceptionHandler.Handle(errorContext, key, value, exception);
        if (response == ErrorHandlerResponse.Fail)
            throw new StreamsException($"Exception caught in process ({errorContext}): {exception.Message}", exception);
        Metrics.DroppedRecords++;
        if (RecordContext is { HasSource: true } rc) DeadLetter(rc.Topic, rc.Partition, rc.Offset, rc.RawKey, rc.RawValue, rc.Headers, rc.Timestamp, node.Name, exception);
    }

    public void HandleDeserializationError(string sourceName, ConsumeResult<byte[], byte[]> raw, Exception exception)
    {
        var headers = raw.Message.Headers;
        var errorContext = new ErrorHandlerContext(raw.Topic, raw.Partition.Value, raw.Offset.Value, headers, sourceName, TaskId, raw.Message.Timestamp.UnixTimestampMs);
        var response = Config.DeserializationExceptionHandler.Handle(errorContext, raw, exception);
        if (response == ErrorHandlerResponse.Fail)
            throw new StreamsException($"Deserialization failed ({errorContext}): {exception.Message}", exception);
        Metrics.DroppedRecords++;
        DeadLetter(raw.Topic, raw.Partition.Value, raw.Offset.Value, raw.Message.Key, raw.Message.Value, headers,
            raw.Message.Timestamp.UnixTimestampMs, sourceName, exception);
    }

    public void HandleProductionError(string nodeName, string topic, Exception exception)
    {
        var errorContext = ErrorContext(nodeName);
        var response = Config.ProductionExceptionHandler.Handle(errorContext, topic, exception);
        if (response == ErrorHandlerResponse.Fail)
            throw new StreamsException($"Could not produce to topic '{topic}' ({errorContext}): {exception.Message}", exception);
        Metrics.DroppedRecords++;
        if (RecordContext is { HasSource: true } rc) DeadLetter(rc.Topic, rc.Partition, rc.Offset, rc.RawKey, rc.RawValue, rc.Headers, rc.Timestamp, nodeName, exception);
    }

    public void RecordDroppedForTimestamp(ConsumeResult<byte[], byte[]> raw, long timestamp)
    {
        Metrics.DroppedRecords++;
        _logger.LogWarning("Skipping record with negative timestamp {Timestamp} (topic={Topic}, partition={Partition}, offset={Offset})",
            timestamp, raw.Topic, raw.Partition.Value, raw.Offset.Value);
    }

    private void DeadLetter(string topic, int partition, long offset, byte[]? key, byte[]? value, Headers? original, long timestamp,
        string nodeName, Exception exception)
    {
        if (Config.DeadLetterQueueTopic is not { Length: > 0 } dlq) return;
        var headers = new Headers();
        if (original is not null) foreach (var h in original) headers.Add(h.Key, h.GetValueBytes());
        headers.Add(DeadLetterHeaders.Exception, Encoding.UTF8.GetBytes(exception.GetType().FullName ?? exception.GetType().Name));
        headers.Add(DeadLetterHeaders.Message, Encoding.UTF8.GetBytes(exception.Message));
        headers.Add(DeadLetterHeaders.StackTrace, Encoding.UTF8.GetBytes(exception.StackTrace ?? ""));
        headers.Add(DeadLetterHeaders.Topic, Encoding.UTF8.GetBytes(topic));
        headers.Add(DeadLetterHeaders.Partition, Encoding.UTF8.GetBytes(partition.ToString(CultureInfo.InvariantCulture)));
        headers.Add(DeadLetterHeaders.Offset, Encoding.UTF8.GetBytes(offset.ToString(CultureInfo.InvariantCulture)));
        headers.Add(DeadLetterHeaders.ProcessorNode, Encoding.UTF8.GetBytes(nodeName));
        Collector.SendRaw(dlq, null, key, value, headers, timestamp);
        Metrics.DeadLetters++;
    }
}

/// <summary>Counters of one task, read by the runtime's metrics and by tests.</summary>
internal sealed class TaskMetrics
{
    public long ProcessedRecords { get; set; }
    public long DroppedRecords { get; set; }
    public long DeadLetters { get; set; }
    public long LateRecordsDropped { get; set; }
}
