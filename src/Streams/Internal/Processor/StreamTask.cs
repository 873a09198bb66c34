using Confluent.Kafka;
using Pulse.Streams.Errors;
using Pulse.Streams.Internal.State;

namespace Pulse.Streams.Internal.Processor;

/// <summary>
/// One sub-topology working on one partition number of its input topics. Keeps a queue per input
/// partition and always processes the buffered record with the lowest timestamp next, so stream
/// time (the largest timestamp processed) advances in event-time order across partitions.
/// Life: <see cref="Initialize"/> → (<see cref="AddRecord(TopicPartition, ConsumeResult{byte[], byte[]})"/> / <see cref="Process"/> /
/// punctuate / <see cref="PrepareCommit"/>)* → <see cref="Close"/>.
/// The Kafka runtime and the TopologyTestDriver drive this same class.
/// </summary>
internal sealed class StreamTask
{
    private readonly Dictionary<TopicPartition, RecordQueue> _queues = [];
    private RecordQueue[] _queueList;
    private bool _initialized;
    private bool _storesOpen;

    public StreamTask(TaskId id, ProcessorTopology topology, StreamsConfig config, IRecordSink sink, ThreadCache cache,
        IEnumerable<TopicPartition> inputs, Func<string, string>? resolveTopic = null)
    {
        Id = id;
        Topology = topology;
        Context = new TaskContext(config, id, sink, cache, resolveTopic) { SourceChangelogs = topology.SourceChangelogs };
        _inputs = inputs.ToList();
        foreach (var store in topology.Stores) Context.AddStore(store);
        foreach (var tp in _inputs)
        {
            if (!topology.SourcesByTopic.TryGetValue(tp.Topic, out var source))
                throw new TopologyException($"task {id} was given partition {tp} of a topic no source reads.");
            _queues[tp] = source.CreateQueue(tp, Context);
        }
        _queueList = [.. _queues.Values];
    }

    public TaskId Id { get; }
    public ProcessorTopology Topology { get; }
    public TaskContext Context { get; }
    private readonly List<TopicPartition> _inputs;

    public IReadOnlyList<TopicPartition> Inputs => _inputs;

    /// <summary>Starts reading <paramref name="partition"/> through <paramref name="source"/> (a topic a pattern source matched after the task was made).</summary>
    public void AddInput(TopicPartition partition, ISourceNode source)
    {
        if (_queues.ContainsKey(partition)) return;
        _inputs.Add(partition);
        _queues[partition] = source.CreateQueue(partition, Context);
        _queueList = [.. _queues.Values];
    }
    /// <summary>
    /// Set by the Kafka runtime: whether the task may process while an input is empty (<see cref="InputReadiness"/>).
    /// Null under the TopologyTestDriver, which processes each record as it is piped.
    /// </summary>
    public InputReadiness? Readiness { get; set; }

    /// <summary>The consumer reported the end of <paramref name="partition"/> after the last record it delivered.</summary>
    public void FetchedToEnd(TopicPartition partition)
    {
        if (_queues.TryGetValue(partition, out var queue)) queue.FetchedToEnd = true;
    }

    public long StreamTime => Context.StreamTime;
    public bool CommitNeeded { get; private set; }

    /// <summary>Opens the stores (registering them for restore), then initialises every node, parents first.</summary>
    public void Initialize()
    {
        InitializeStores();
        InitializeTopology();
    }

    /// <summary>Opens the stores, which register for restore; the runtime restores them before <see cref="InitializeTopology"/>.</summary>
    public void InitializeStores()
    {
        if (_storesOpen) return;
        foreach (var store in Topology.Stores) store.Init(Context, store);
        _storesOpen = true;
    }

    /// <summary>Initialises every node, parents first (after the stores are restored).</summary>
    public void InitializeTopology()
    {
        if (_initialized) return;
        InitializeStores();
        foreach (var node in Topology.Nodes) node.Init(Context);
        Context.CurrentNode = null;
        _initialized = true;
    }

    public int BufferedRecords
    {
        get
        {
            var n = 0;
            foreach (var q in _queueList) n += q.Count;
            return n;
        }
    }

    /// <summary>Adds one record of <paramref name="topic"/>'s <paramref name="partition"/> (no TopicPartition made when the task reads one partition).</summary>
    public void AddRecord(string topic, int partition, ConsumeResult<byte[], byte[]> record) => AddRecord(InputRecord.From(record));

    /// <summary>Adds one record (no TopicPartition made when the task reads one partition).</summary>
    public void AddRecord(in InputRecord record)
    {
        foreach (var queue in _queueList) // a few queues at most: no TopicPartition made to look one up
            if (queue.Partition.Partition.Value == record.Partition && queue.Partition.Topic == record.Topic)
            {
                queue.Add(record);
                return;
            }
        throw new StreamsException($"Task {Id} does not read partition {record.Topic} [{record.Partition}].");
    }

    public void AddRecord(TopicPartition partition, ConsumeResult<byte[], byte[]> record)
    {
        if (!_queues.TryGetValue(partition, out var queue))
            throw new StreamsException($"Task {Id} does not read partition {partition}.");
        queue.Add(record);
    }

    /// <summary>Processes the buffered record with the lowest timestamp; false when none is buffered.</summary>
    public bool Process()
    {
        RecordQueue? next = null;
        var lowest = long.MaxValue;
        foreach (var q in _queueList)
        {
            if (q.Count == 0) continue;
            var ts = q.HeadTimestamp;
            if (next is null || ts < lowest)
            {
                next = q;
                lowest = ts;
            }
        }
        if (next is null) return false;
        if (_queueList.Length > 1 && Readiness is { } readiness && !readiness.Ready(_queueList)) return false;

        if (lowest > Context.StreamTime) Context.StreamTime = lowest;
        next.ProcessHead();
        Context.RecordContext = null;
        Context.CurrentNode = null;
        Context.Metrics.ProcessedRecords++;
        CommitNeeded = true;
        return true;
    }

    /// <summary>Fires stream-time punctuations that are due.</summary>
    public bool MaybePunctuateStreamTime() =>
        Context.StreamTime >= 0 && Context.StreamTimePunctuations.MayPunctuate(Context.StreamTime, Punctuate) && (CommitNeeded = true);

    /// <summary>Fires wall-clock punctuations that are due.</summary>
    public bool MaybePunctuateSystemTime() =>
        Context.WallClockPunctuations.MayPunctuate(Context.WallClockMs, Punctuate) && (CommitNeeded = true);

    // Context.Punctuate as one delegate for the task's life: a method group would allocate one per record.
    private Action<PunctuationSchedule, long> Punctuate => _punctuate ??= Context.Punctuate;
    private Action<PunctuationSchedule, long>? _punctuate;

    /// <summary>True when a processor asked for a commit.</summary>
    public bool CommitRequested => Context.CommitRequested;

    /// <summary>
    /// Flushes the record caches (in store order, so upstream caches flush first) and then the
    /// collector; afterwards every output and changelog record of the records processed so far
    /// has been sent. Stores themselves are flushed by <see cref="FlushStores"/>, before a checkpoint.
    /// </summary>
    public void PrepareCommit()
    {
        FlushCaches();
        Context.Collector.Flush();
    }

    /// <summary>
    /// <see cref="PrepareCommit"/> without flushing the collector: for a thread whose tasks share
    /// one producer, which it then flushes once for all of them.
    /// </summary>
    public void FlushCaches()
    {
        var stores = Topology.Stores;
        for (var i = 0; i < stores.Count; i++) // per record under the driver: no enumerator
            if (stores[i] is ICachedStateStore cached) cached.FlushCache();
        Context.CommitRequested = false;
        CommitNeeded = false;
    }

    /// <summary>Makes the stores durable (RocksDB memtables written to disk), as a checkpoint needs.</summary>
    public void FlushStores()
    {
        foreach (var store in Topology.Stores) store.Flush();
    }

    /// <summary>Per input partition, the offset of the first record not yet processed.</summary>
    public IReadOnlyDictionary<TopicPartition, long> CommittableOffsets()
    {
        var offsets = new Dictionary<TopicPartition, long>();
        foreach (var (tp, q) in _queues)
            if (q.CommittableOffset >= 0) offsets[tp] = q.CommittableOffset;
        return offsets;
    }

    /// <summary>Closes nodes and stores; a dirty close (after a crash or an aborted transaction) drops cached writes instead of flushing them.</summary>
    public void Close(bool clean = true)
    {
        Context.ClosingDirty = !clean;
        if (_initialized) foreach (var node in Topology.Nodes) node.Close();
        foreach (var close in Context.CloseActions) close();
        Context.CloseActions.Clear();
        if (_storesOpen) foreach (var store in Topology.Stores) store.Close();
        foreach (var q in _queueList) q.Clear();
        _initialized = _storesOpen = false;
    }
}
