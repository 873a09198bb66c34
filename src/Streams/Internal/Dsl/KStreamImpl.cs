using Pulse.Streams.Dsl;
using Pulse.Streams.Internal.Dsl.Processors;
using Pulse.Streams.Internal.Processor;
using Pulse.Streams.Processor;
using Pulse.Streams.Serialization;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.Dsl;

/// <summary>
/// A stream in the DSL: the node it comes from, the serdes known for it, and whether its key may
/// have changed since it was read (then grouping and joining repartition it first).
/// </summary>
internal sealed class KStreamImpl<TKey, TValue>(InternalStreamsBuilder builder, string nodeName, Serde<TKey>? keySerde,
    Serde<TValue>? valueSerde, bool repartitionRequired) : IKStream<TKey, TValue>
{
    public InternalStreamsBuilder Builder => builder;
    public string NodeName => nodeName;
    public Serde<TKey>? KeySerde => keySerde;
    public Serde<TValue>? ValueSerde => valueSerde;
    public bool RepartitionRequired => repartitionRequired;

    public IKStream<TKey, TValue> Filter(Func<TKey, TValue, bool> predicate, Named? named = null) => FilterCore(predicate, false, named);

    public IKStream<TKey, TValue> FilterNot(Func<TKey, TValue, bool> predicate, Named? named = null) => FilterCore(predicate, true, named);

    public IKStream<TKeyOut, TValueOut> Map<TKeyOut, TValueOut>(Func<TKey, TValue, KeyValue<TKeyOut, TValueOut>> mapper, Named? named = null) =>
        Add<TKeyOut, TValueOut>(named, "KSTREAM-MAP-", () => new KStreamMap<TKey, TValue, TKeyOut, TValueOut>(r =>
        {
            var kv = mapper(r.Key, r.Value);
            return new Record<TKeyOut, TValueOut>(kv.Key, kv.Value, r.Timestamp, r.Headers);
        }), null, null, true);

    public IKStream<TKey, TValueOut> MapValues<TValueOut>(Func<TValue, TValueOut> mapper, Named? named = null) =>
        MapValues<TValueOut>((_, v) => mapper(v), named);

    public IKStream<TKey, TValueOut> MapValues<TValueOut>(Func<TKey, TValue, TValueOut> mapper, Named? named = null) =>
        Add<TKey, TValueOut>(named, "KSTREAM-MAPVALUES-", () => new KStreamMap<TKey, TValue, TKey, TValueOut>(r => r.WithValue(mapper(r.Key, r.Value))),
            keySerde, null, repartitionRequired);

    public IKStream<TKeyOut, TValue> SelectKey<TKeyOut>(Func<TKey, TValue, TKeyOut> selector, Named? named = null) =>
        Add<TKeyOut, TValue>(named, "KSTREAM-KEY-SELECT-", () => new KStreamMap<TKey, TValue, TKeyOut, TValue>(r => r.WithKey(selector(r.Key, r.Value))),
            null, valueSerde, true);

    public IKStream<TKeyOut, TValueOut> FlatMap<TKeyOut, TValueOut>(Func<TKey, TValue, IEnumerable<KeyValue<TKeyOut, TValueOut>>> mapper, Named? named = null) =>
        Add<TKeyOut, TValueOut>(named, "KSTREAM-FLATMAP-", () => new KStreamFlatMap<TKey, TValue, TKeyOut, TValueOut>(mapper), null, null, true);

    public IKStream<TKey, TValueOut> FlatMapValues<TValueOut>(Func<TValue, IEnumerable<TValueOut>> mapper, Named? named = null) =>
        FlatMapValues<TValueOut>((_, v) => mapper(v), named);

    public IKStream<TKey, TValueOut> FlatMapValues<TValueOut>(Func<TKey, TValue, IEnumerable<TValueOut>> mapper, Named? named = null) =>
        Add<TKey, TValueOut>(named, "KSTREAM-FLATMAPVALUES-", () => new KStreamFlatMap<TKey, TValue, TKey, TValueOut>(
            (k, v) => mapper(k, v).Select(x => new KeyValue<TKey, TValueOut>(k, x))), keySerde, null, repartitionRequired);

    public IKStream<TKey, TValue> Peek(Action<TKey, TValue> action, Named? named = null) =>
        Add<TKey, TValue>(named, "KSTREAM-PEEK-", () => new KStreamPeek<TKey, TValue>(action), keySerde, valueSerde, repartitionRequired);

    public void Foreach(Action<TKey, TValue> action, Named? named = null) =>
        Add<TKey, TValue>(named, "KSTREAM-FOREACH-", () => new KStreamPeek<TKey, TValue>(action), keySerde, valueSerde, repartitionRequired);

    public void Print(Printed<TKey, TValue> printed)
    {
        ArgumentNullException.ThrowIfNull(printed);
        var name = printed.Name ?? builder.NewName("KSTREAM-PRINTER-");
        var output = new PrintOutput(printed.FilePath); // one per print node, shared by its tasks
        builder.AddProcessor<TKey, TValue, TKey, TValue>(name, () => new KStreamPrint<TKey, TValue>(output, printed.Label ?? name, printed.KeyValueMapper), nodeName);
    }

    public IBranchedKStream<TKey, TValue> Split(Named? named = null) => new BranchedKStreamImpl<TKey, TValue>(this, named?.Name ?? builder.NewName("KSTREAM-BRANCH-"));

    public IKStream<TKey, TValue> Merge(IKStream<TKey, TValue> other, Named? named = null)
    {
        var o = (KStreamImpl<TKey, TValue>)other;
        var name = named?.Name ?? builder.NewName("KSTREAM-MERGE-");
        builder.AddProcessor<TKey, TValue, TKey, TValue>(name, () => new KStreamPassThrough<TKey, TValue>(), nodeName, o.NodeName);
        return new KStreamImpl<TKey, TValue>(builder, name, keySerde, valueSerde, repartitionRequired || o.RepartitionRequired);
    }

    public void To(string topic, Produced<TKey, TValue>? produced = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        builder.AddSink(produced?.Name ?? builder.NewName("KSTREAM-SINK-"), topic, produced?.KeySerde ?? keySerde,
            produced?.ValueSerde ?? valueSerde, produced?.Partitioner, nodeName);
    }

    public void To(TopicNameExtractor<TKey, TValue> topicExtractor, Produced<TKey, TValue>? produced = null)
    {
        ArgumentNullException.ThrowIfNull(topicExtractor);
        var name = produced?.Name ?? builder.NewName("KSTREAM-SINK-");
        var (ks, vs, p) = (produced?.KeySerde ?? keySerde, produced?.ValueSerde ?? valueSerde, produced?.Partitioner);
        builder.Topology.AddSink(name, null, () => new SinkNode<TKey, TValue>(name, null, topicExtractor, ks, vs, p), [nodeName]);
    }

    public IKTable<TKey, TValue> ToTable(Named? named = null, Materialized<TKey, TValue>? materialized = null)
    {
        var name = named?.Name ?? builder.NewName("KSTREAM-TOTABLE-");
        var m = materialized ?? new Materialized<TKey, TValue>();
        var storeName = m.StoreName ?? builder.NewStoreName("KSTREAM-TOTABLE-");
        m = m with { KeySerde = m.KeySerde ?? keySerde, ValueSerde = m.ValueSerde ?? valueSerde };
        var parent = repartitionRequired ? builder.Repartition(nodeName, name, m.KeySerde, m.ValueSerde) : nodeName;
        return builder.TableSource(name, parent, storeName, m, queryable: materialized?.StoreName is not null);
    }

    public IKStream<TKey, TValue> Repartition(Repartitioned<TKey, TValue>? repartitioned = null)
    {
        var (ks, vs) = (repartitioned?.KeySerde ?? keySerde, repartitioned?.ValueSerde ?? valueSerde);
        var baseName = repartitioned?.Name ?? builder.NewName("KSTREAM-REPARTITION-");
        var source = builder.Repartition(nodeName, baseName, ks, vs, repartitioned?.NumberOfPartitions, repartitioned?.Partitioner);
        return new KStreamImpl<TKey, TValue>(builder, source, ks, vs, false);
    }

    public IKStream<TKeyOut, TValueOut> Process<TKeyOut, TValueOut>(ProcessorSupplier<TKey, TValue, TKeyOut, TValueOut> supplier,
        Named? named = null, params string[] stateStoreNames)
    {
        ArgumentNullException.ThrowIfNull(supplier);
        var name = named?.Name ?? builder.NewName("KSTREAM-PROCESSOR-");
        builder.AddProcessor(name, supplier, nodeName);
        if (stateStoreNames.Length > 0) builder.Topology.ConnectProcessorAndStateStores([name], stateStoreNames);
        return new KStreamImpl<TKeyOut, TValueOut>(builder, name, null, null, true);
    }

    public IKStream<TKey, TValueOut> ProcessValues<TValueOut>(FixedKeyProcessorSupplier<TKey, TValue, TValueOut> supplier,
        Named? named = null, params string[] stateStoreNames)
    {
        ArgumentNullException.ThrowIfNull(supplier);
        var name = named?.Name ?? builder.NewName("KSTREAM-PROCESSVALUES-");
        builder.Topology.AddProcessor(name, () => new FixedKeyProcessorNode<TKey, TValue, TValueOut>(name, supplier()), [nodeName]);
        if (stateStoreNames.Length > 0) builder.Topology.ConnectProcessorAndStateStores([name], stateStoreNames);
        return new KStreamImpl<TKey, TValueOut>(builder, name, keySerde, null, repartitionRequired);
    }

    public IKStream<TKeyOut, TValueOut> Process<TKeyOut, TValueOut>(ProcessorSupplier<TKey, TValue, TKeyOut, TValueOut> supplier,
        IReadOnlyList<IStoreBuilder> stores, Named? named = null)
    {
        ArgumentNullException.ThrowIfNull(stores);
        return WithStores((KStreamImpl<TKeyOut, TValueOut>)Process(supplier, named), stores);
    }

    public IKStream<TKey, TValueOut> ProcessValues<TValueOut>(FixedKeyProcessorSupplier<TKey, TValue, TValueOut> supplier,
        IReadOnlyList<IStoreBuilder> stores, Named? named = null)
    {
        ArgumentNullException.ThrowIfNull(stores);
        return WithStores((KStreamImpl<TKey, TValueOut>)ProcessValues(supplier, named), stores);
    }

    /// <summary>Adds a processor's own stores, connected to it (a store name already taken fails the build).</summary>
    private KStreamImpl<TK, TV> WithStores<TK, TV>(KStreamImpl<TK, TV> processed, IReadOnlyList<IStoreBuilder> stores)
    {
        foreach (var store in stores) builder.Topology.AddStateStore(store, false, processed.NodeName);
        return processed;
    }

    public IKGroupedStream<TKey, TValue> GroupByKey(Grouped<TKey, TValue>? grouped = null) =>
        new KGroupedStreamImpl<TKey, TValue>(builder, nodeName, grouped?.KeySerde ?? keySerde, grouped?.ValueSerde ?? valueSerde,
            grouped?.Name, repartitionRequired);

    public IKGroupedStream<TKeyOut, TValue> GroupBy<TKeyOut>(Func<TKey, TValue, TKeyOut> selector, Grouped<TKeyOut, TValue>? grouped = null)
    {
        var selected = (KStreamImpl<TKeyOut, TValue>)SelectKey(selector);
        return new KGroupedStreamImpl<TKeyOut, TValue>(builder, selected.NodeName, grouped?.KeySerde, grouped?.ValueSerde ?? valueSerde,
            grouped?.Name, true);
    }

    public IKStream<TKey, TValueOut> Join<TTable, TValueOut>(IKTable<TKey, TTable> table, Func<TValue, TTable, TValueOut> joiner,
        Joined<TKey, TValue, TTable>? joined = null) =>
        JoinTable<TTable, TValueOut>(table, (v, t, found) => found ? joiner(v, t!) : default, false, joined);

    public IKStream<TKey, TValueOut> LeftJoin<TTable, TValueOut>(IKTable<TKey, TTable> table, Func<TValue, TTable?, TValueOut> joiner,
        Joined<TKey, TValue, TTable>? joined = null) =>
        JoinTable<TTable, TValueOut>(table, (v, t, _) => joiner(v, t), true, joined);

    public IKStream<TKey, TValueOut> Join<TGlobalKey, TGlobalValue, TValueOut>(IGlobalKTable<TGlobalKey, TGlobalValue> table,
        Func<TKey, TValue, TGlobalKey> keySelector, Func<TValue, TGlobalValue, TValueOut> joiner, Named? named = null) =>
        JoinGlobal<TGlobalKey, TGlobalValue, TValueOut>(table, keySelector, (v, g, found) => found ? joiner(v, g!) : default, false, named);

    public IKStream<TKey, TValueOut> LeftJoin<TGlobalKey, TGlobalValue, TValueOut>(IGlobalKTable<TGlobalKey, TGlobalValue> table,
        Func<TKey, TValue, TGlobalKey> keySelector, Func<TValue, TGlobalValue?, TValueOut> joiner, Named? named = null) =>
        JoinGlobal<TGlobalKey, TGlobalValue, TValueOut>(table, keySelector, (v, g, _) => joiner(v, g), true, named);

    public IKStream<TKey, TValueOut> Join<TOther, TValueOut>(IKStream<TKey, TOther> other, Func<TValue, TOther, TValueOut> joiner,
        JoinWindows windows, StreamJoined<TKey, TValue, TOther>? streamJoined = null) =>
        Join<TOther, TValueOut>(other, (_, v, o) => joiner(v, o), windows, streamJoined);

    public IKStream<TKey, TValueOut> Join<TOther, TValueOut>(IKStream<TKey, TOther> other, Func<TKey, TValue, TOther, TValueOut> joiner,
        JoinWindows windows, StreamJoined<TKey, TValue, TOther>? streamJoined = null) =>
        KStreamImplJoin.Join<TKey, TValue, TOther, TValueOut>(this, (KStreamImpl<TKey, TOther>)other, (k, v, o) => joiner(k, v!, o!), windows, streamJoined, false, false);

    public IKStream<TKey, TValueOut> LeftJoin<TOther, TValueOut>(IKStream<TKey, TOther> other, Func<TValue, TOther?, TValueOut> joiner,
        JoinWindows windows, StreamJoined<TKey, TValue, TOther>? streamJoined = null) =>
        LeftJoin<TOther, TValueOut>(other, (_, v, o) => joiner(v, o), windows, streamJoined);

    public IKStream<TKey, TValueOut> LeftJoin<TOther, TValueOut>(IKStream<TKey, TOther> other, Func<TKey, TValue, TOther?, TValueOut> joiner,
        JoinWindows windows, StreamJoined<TKey, TValue, TOther>? streamJoined = null) =>
        KStreamImplJoin.Join<TKey, TValue, TOther, TValueOut>(this, (KStreamImpl<TKey, TOther>)other, (k, v, o) => joiner(k, v!, o), windows, streamJoined, true, false);

    public IKStream<TKey, TValueOut> OuterJoin<TOther, TValueOut>(IKStream<TKey, TOther> other, Func<TValue?, TOther?, TValueOut> joiner,
        JoinWindows windows, StreamJoined<TKey, TValue, TOther>? streamJoined = null) =>
        OuterJoin<TOther, TValueOut>(other, (_, v, o) => joiner(v, o), windows, streamJoined);

    public IKStream<TKey, TValueOut> OuterJoin<TOther, TValueOut>(IKStream<TKey, TOther> other, Func<TKey, TValue?, TOther?, TValueOut> joiner,
        JoinWindows windows, StreamJoined<TKey, TValue, TOther>? streamJoined = null) =>
        KStreamImplJoin.Join(this, (KStreamImpl<TKey, TOther>)other, joiner, windows, streamJoined, true, true);

    private IKStream<TKey, TValueOut> JoinTable<TTable, TValueOut>(IKTable<TKey, TTable> table, Func<TValue, TTable?, bool, TValueOut?> joiner,
        bool left, Joined<TKey, TValue, TTable>? joined)
    {
        var t = (KTableImpl<TKey, TTable>)table;
        var stream = repartitionRequired
            ? (KStreamImpl<TKey, TValue>)Repartition(new Repartitioned<TKey, TValue>(joined?.KeySerde ?? keySerde, joined?.ValueSerde ?? valueSerde,
                (joined?.Name ?? builder.NewName("KSTREAM-JOIN-")) + "-left"))
            : this;
        var getter = t.ValueGetter();
        var name = joined?.Name ?? builder.NewName(left ? "KSTREAM-LEFTJOIN-" : "KSTREAM-JOIN-");
        var buffer = joined?.GracePeriod is { } grace ? JoinBuffer(getter, name, (long)grace.TotalMilliseconds, joined) : null;
        builder.AddProcessor<TKey, TValue, TKey, TValueOut>(name, () => new KStreamTableJoin<TKey, TValue, TTable, TValueOut>(getter, joiner, left,
            buffer?.Invoke()), stream.NodeName);
        builder.Topology.ConnectProcessorAndStateStores([name], [.. getter.StoreNames]);
        if (buffer is not null)
            builder.Topology.AddStateStore(Stores.KeyValueStoreBuilder(Stores.PersistentKeyValueStore(name + "-Buffer"), Serdes.ByteArray, Serdes.ByteArray)
                .WithCachingDisabled(), false, name);
        builder.Topology.CopartitionSources(stream.SourceTopics().Concat(t.SourceTopics()));
        return new KStreamImpl<TKey, TValueOut>(builder, name, keySerde, null, false);
    }

    /// <summary>
    /// The stream side's buffer of a join with a grace period, Kafka's <c>&lt;join&gt;-Buffer</c> store (KIP-923): only against a
    /// versioned table whose history reaches back at least the grace period.
    /// </summary>
    private Func<StreamTableJoinBuffer<TKey, TValue>> JoinBuffer<TTable>(ValueGetterSupplier<TKey, TTable> table, string name, long graceMs,
        Joined<TKey, TValue, TTable> joined)
    {
        if (!table.IsVersioned)
            throw new Errors.TopologyException($"join '{name}' has a grace period, so its table must be versioned (materialized in a versioned store).");
        if (graceMs > table.HistoryRetentionMs)
            throw new Errors.TopologyException(
                $"join '{name}' has a grace period of {graceMs} ms, longer than its table's history retention ({table.HistoryRetentionMs} ms): the history retention must be at least the grace period.");
        var (ks, vs) = (joined.KeySerde ?? keySerde, joined.ValueSerde ?? valueSerde);
        return () => new StreamTableJoinBuffer<TKey, TValue>(name + "-Buffer", graceMs, ks, vs);
    }

    private IKStream<TKey, TValueOut> JoinGlobal<TGlobalKey, TGlobalValue, TValueOut>(IGlobalKTable<TGlobalKey, TGlobalValue> table,
        Func<TKey, TValue, TGlobalKey> keySelector, Func<TValue, TGlobalValue?, bool, TValueOut?> joiner, bool left, Named? named)
    {
        var storeName = table.QueryableStoreName;
        var name = named?.Name ?? builder.NewName(left ? "KSTREAM-LEFTJOIN-" : "KSTREAM-JOIN-");
        builder.AddProcessor<TKey, TValue, TKey, TValueOut>(name,
            () => new KStreamGlobalTableJoin<TKey, TValue, TGlobalKey, TGlobalValue, TValueOut>(storeName, keySelector, joiner, left), nodeName);
        return new KStreamImpl<TKey, TValueOut>(builder, name, keySerde, null, repartitionRequired);
    }

    /// <summary>The topics this stream reads, found by walking up to its sources.</summary>
    public IEnumerable<string> SourceTopics() => TopologyWalk.SourceTopicsOf(builder.Topology, nodeName);

    private IKStream<TKey, TValue> FilterCore(Func<TKey, TValue, bool> predicate, bool not, Named? named) =>
        Add<TKey, TValue>(named, "KSTREAM-FILTER-", () => new KStreamFilter<TKey, TValue>(predicate, not), keySerde, valueSerde, repartitionRequired);

    private KStreamImpl<TKeyOut, TValueOut> Add<TKeyOut, TValueOut>(Named? named, string prefix,
        ProcessorSupplier<TKey, TValue, TKeyOut, TValueOut> supplier, Serde<TKeyOut>? ks, Serde<TValueOut>? vs, bool keyChanged)
    {
        var name = named?.Name ?? builder.NewName(prefix);
        builder.AddProcessor(name, supplier, nodeName);
        return new KStreamImpl<TKeyOut, TValueOut>(builder, name, ks, vs, keyChanged);
    }
}
