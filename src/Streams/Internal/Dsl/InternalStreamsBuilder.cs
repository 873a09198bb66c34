using Pulse.Streams.Dsl;
using Pulse.Streams.State;
using System.Text.RegularExpressions;
using Pulse.Streams.Internal.Dsl.Processors;
using Pulse.Streams.Internal.Processor;
using Pulse.Streams.Processor;
using Pulse.Streams.Serialization;

namespace Pulse.Streams.Internal.Dsl;

/// <summary>
/// The DSL's side of a topology: hands out Kafka-style node names (<c>PREFIX-0000000042</c>,
/// one counter for nodes and stores) and adds nodes to the underlying builder.
/// </summary>
internal sealed partial class InternalStreamsBuilder
{
    private readonly Dictionary<string, string> _joinRepartitions = new(StringComparer.Ordinal);
    private int _index;

    public InternalTopologyBuilder Topology { get; } = new();

    public string NewName(string prefix) => $"{prefix}{_index++:D10}";

    public string NewStoreName(string prefix) => $"{prefix}STATE-STORE-{_index++:D10}";

    public void AddProcessor<TKeyIn, TValueIn, TKeyOut, TValueOut>(string name, ProcessorSupplier<TKeyIn, TValueIn, TKeyOut, TValueOut> supplier,
        params string[] parents) =>
        Topology.AddProcessor(name, () => new ProcessorNode<TKeyIn, TValueIn, TKeyOut, TValueOut>(name, supplier()), parents);

    public void AddSource<TKey, TValue>(string name, IReadOnlyList<string> topics, Serde<TKey>? keySerde, Serde<TValue>? valueSerde,
        TimestampExtractor<TKey, TValue>? extractor = null, bool isGlobal = false) =>
        Topology.AddSource(name, topics, () => new SourceNode<TKey, TValue>(name, keySerde, valueSerde, extractor), isGlobal);

    public void AddSource<TKey, TValue>(string name, Regex pattern, Serde<TKey>? keySerde, Serde<TValue>? valueSerde,
        TimestampExtractor<TKey, TValue>? extractor = null) =>
        Topology.AddSource(name, pattern, () => new SourceNode<TKey, TValue>(name, keySerde, valueSerde, extractor));

    public void AddSink<TKey, TValue>(string name, string topic, Serde<TKey>? keySerde, Serde<TValue>? valueSerde,
        StreamPartitioner<TKey, TValue>? partitioner, params string[] parents) =>
        Topology.AddSink(name, topic, () => new SinkNode<TKey, TValue>(name, topic, null, keySerde, valueSerde, partitioner), parents);

    /// <summary>
    /// Routes a stream through the repartition topic <c>&lt;baseName&gt;-repartition</c>, as Kafka does: a filter
    /// drops null keys (they have no partition), then a sink and a source. The three nodes are named after the
    /// topic, or, when <paramref name="baseName"/> is itself generated, get generated names; three names are
    /// drawn either way so later generated names match Kafka's. Returns the new source's name.
    /// </summary>
    public string Repartition<TKey, TValue>(string parent, string baseName, Serde<TKey>? keySerde, Serde<TValue>? valueSerde,
        int? partitions = null, StreamPartitioner<TKey, TValue>? partitioner = null)
    {
        var topic = TopicNames.IsRepartition(baseName) ? baseName : baseName + TopicNames.RepartitionSuffix;
        var (sink, filter, source) = (NewName("KSTREAM-SINK-"), NewName("KSTREAM-FILTER-"), NewName("KSTREAM-SOURCE-"));
        if (!GeneratedName().IsMatch(baseName)) (sink, filter, source) = (topic + "-sink", topic + "-filter", topic + "-source");
        Topology.AddInternalTopic(topic, partitions);
        AddProcessor<TKey, TValue, TKey, TValue>(filter, () => new KStreamFilter<TKey, TValue>((k, _) => k is not null, false), parent);
        AddSink(sink, topic, keySerde, valueSerde, partitioner, filter);
        AddSource(source, [topic], keySerde, valueSerde);
        return source;
    }

    /// <summary>
    /// Repartitions a side of a stream–stream join. A stream joined twice under generated names is repartitioned once and the
    /// second join reads the same topic, as in Kafka (three names are still drawn, so later generated names match Kafka's).
    /// </summary>
    public string RepartitionForJoin<TKey, TValue>(string parent, string baseName, Serde<TKey>? keySerde, Serde<TValue>? valueSerde)
    {
        var generated = GeneratedName().IsMatch(baseName);
        if (generated && _joinRepartitions.TryGetValue(parent, out var source))
        {
            (_, _, _) = (NewName("KSTREAM-SINK-"), NewName("KSTREAM-FILTER-"), NewName("KSTREAM-SOURCE-"));
            return source;
        }
        source = Repartition(parent, baseName, keySerde, valueSerde);
        if (generated) _joinRepartitions[parent] = source;
        return source;
    }

    /// <summary>
    /// A table's source processor <paramref name="name"/> under <paramref name="parent"/>: materialized in <paramref name="storeName"/> at once
    /// when <paramref name="queryable"/>, else only when something asks to look the table up (a join), as Kafka materializes
    /// source tables.
    /// </summary>
    public KTableImpl<TKey, TValue> TableSource<TKey, TValue>(string name, string parent, string storeName, Materialized<TKey, TValue> m, bool queryable,
        string? sourceTopic = null)
    {
        if (sourceTopic is not null) _sourceTables.Add((storeName, sourceTopic));
        var materializedAt = new bool[1]; // read when tasks are made, after every DSL call
        var materialize = () =>
        {
            if (materializedAt[0]) return;
            materializedAt[0] = true;
            Topology.AddStateStore(StoreBuilders.Table(m, storeName), false, name);
        };
        var oldValues = new OldValues(materialize); // only a store knows a row's old value
        AddProcessor<TKey, TValue, TKey, Change<TValue>>(name, () => new KTableSource<TKey, TValue>(materializedAt[0] ? storeName : null, oldValues.Enabled), parent);
        if (queryable) materialize();
        return new KTableImpl<TKey, TValue>(this, name, m.KeySerde, m.ValueSerde, queryable ? storeName : null, () =>
        {
            materialize();
            return m.KeyValueSupplier is IVersionedBytesStoreSupplier versioned
                ? KTableImpl<TKey, TValue>.VersionedStoreGetter(storeName, versioned.HistoryRetentionMs)
                : KTableImpl<TKey, TValue>.StoreGetter(storeName);
        }, oldValues: oldValues);
    }

    private readonly List<(string Store, string Topic)> _sourceTables = [];

    /// <summary>
    /// Kafka's <c>reuse.ktable.source.topics</c>: each table read from a topic and kept in a logged store restores from that topic
    /// instead of a changelog of its own, which it stops writing.
    /// </summary>
    public void ReuseSourceTopicsAsChangelogs()
    {
        foreach (var (store, topic) in _sourceTables)
            if (Topology.HasStore(store)) Topology.UseSourceTopicAsChangelog(store, topic);
    }

    [GeneratedRegex("^KSTREAM.*-[0-9]{10}$")]
    private static partial Regex GeneratedName();
}
