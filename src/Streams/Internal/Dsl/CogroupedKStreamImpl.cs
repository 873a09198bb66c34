using Pulse.Streams.Dsl;
using Pulse.Streams.Internal.Dsl.Processors;
using Pulse.Streams.Serialization;

namespace Pulse.Streams.Internal.Dsl;

/// <summary>
/// Cogrouped streams, as Kafka builds them: the store's name is drawn first (<c>COGROUPKSTREAM-AGGREGATE-STATE-STORE-</c>), then
/// each stream that needs it is repartitioned (<c>&lt;grouping or store&gt;-repartition</c>), then one aggregation node per stream
/// (<c>COGROUPKSTREAM-AGGREGATE-</c>, or <c>&lt;name&gt;-cogroup-agg-N</c>), all on the one store, and a merge node
/// (<c>COGROUPKSTREAM-MERGE-</c>, or <c>&lt;name&gt;-cogroup-merge</c>) that is the table.
/// </summary>
internal sealed class CogroupedKStreamImpl<TKey, TAggregate>(InternalStreamsBuilder builder, IReadOnlyList<CogroupPart<TKey, TAggregate>> parts)
    : ICogroupedKStream<TKey, TAggregate>
{
    private const string AggregateName = "COGROUPKSTREAM-AGGREGATE-";

    private InternalStreamsBuilder Builder => builder;
    private IReadOnlyList<CogroupPart<TKey, TAggregate>> Parts => parts;

    public ICogroupedKStream<TKey, TAggregate> Cogroup<TValue>(IKGroupedStream<TKey, TValue> groupedStream, Func<TKey, TValue, TAggregate, TAggregate> aggregator)
    {
        ArgumentNullException.ThrowIfNull(groupedStream);
        ArgumentNullException.ThrowIfNull(aggregator);
        var grouped = (KGroupedStreamImpl<TKey, TValue>)groupedStream;
        if (parts.Any(p => ReferenceEquals(p.Group, grouped)))
            throw new Errors.TopologyException("a grouped stream can be cogrouped only once.");
        return new CogroupedKStreamImpl<TKey, TAggregate>(builder, [.. parts, CogroupPart<TKey, TAggregate>.Of(grouped, aggregator)]);
    }

    public IKTable<TKey, TAggregate> Aggregate(Func<TAggregate> initializer, Materialized<TKey, TAggregate>? materialized = null, Named? named = null)
    {
        ArgumentNullException.ThrowIfNull(initializer);
        var (m, storeName) = Store(materialized);
        var names = Nodes(storeName, named);
        for (var i = 0; i < parts.Count; i++)
            parts[i].AddAggregate(builder, names.Aggregates[i], names.Sources[i], storeName, initializer, null);
        builder.Topology.AddStateStore(StoreBuilders.KeyValue(m, storeName), false, [.. names.Aggregates]);
        return Merge<TKey>(names, m.KeySerde, m.ValueSerde, storeName, () => KTableImpl<TKey, TAggregate>.StoreGetter(storeName), null);
    }

    public ITimeWindowedCogroupedKStream<TKey, TAggregate> WindowedBy(TimeWindows windows)
    {
        ArgumentNullException.ThrowIfNull(windows);
        return new Windowed(this, windows);
    }

    private sealed class Windowed(CogroupedKStreamImpl<TKey, TAggregate> cogrouped, TimeWindows windows) : ITimeWindowedCogroupedKStream<TKey, TAggregate>
    {
        public IKTable<Windowed<TKey>, TAggregate> Aggregate(Func<TAggregate> initializer, Materialized<TKey, TAggregate>? materialized = null, Named? named = null)
        {
            ArgumentNullException.ThrowIfNull(initializer);
            var (builder, parts) = (cogrouped.Builder, cogrouped.Parts);
            var (m, storeName) = cogrouped.Store(materialized);
            var names = cogrouped.Nodes(storeName, named);
            for (var i = 0; i < parts.Count; i++)
                parts[i].AddAggregate(builder, names.Aggregates[i], names.Sources[i], storeName, initializer, windows);
            builder.Topology.AddStateStore(StoreBuilders.Window(m, storeName, windows.SizeMs, windows.GraceMs), false, [.. names.Aggregates]);
            var windowedKeySerde = m.KeySerde is null ? null : WindowedSerdes.TimeWindowed(m.KeySerde, windows.SizeMs);
            return cogrouped.Merge(names, windowedKeySerde, m.ValueSerde, storeName, null,
                TimeWindowedKStreamImpl<TKey, TAggregate>.Closing(m.KeySerde, windows.SizeMs, windows.GraceMs));
        }
    }

    private (Materialized<TKey, TAggregate> Materialized, string StoreName) Store(Materialized<TKey, TAggregate>? materialized)
    {
        var m = materialized ?? new Materialized<TKey, TAggregate>();
        var storeName = m.StoreName ?? builder.NewStoreName(AggregateName);
        return (m with { KeySerde = m.KeySerde ?? parts[0].KeySerde }, storeName);
    }

    private sealed record NodeNames(IReadOnlyList<string> Sources, IReadOnlyList<string> Aggregates, string Merge);

    /// <summary>Repartitions where needed, co-partitions the streams, and names the aggregation and merge nodes, in Kafka's order.</summary>
    private NodeNames Nodes(string storeName, Named? named)
    {
        var sources = parts.Select(p => p.Source(builder, storeName)).ToList();
        builder.Topology.CopartitionSources(sources.SelectMany(s => Processor.TopologyWalk.SourceTopicsOf(builder.Topology, s)));
        var aggregates = parts.Select((_, i) => named is null ? builder.NewName(AggregateName) : $"{named.Name}-cogroup-agg-{i}").ToList();
        var merge = named is null ? builder.NewName("COGROUPKSTREAM-MERGE-") : named.Name + "-cogroup-merge";
        return new NodeNames(sources, aggregates, merge);
    }

    private KTableImpl<TTableKey, TAggregate> Merge<TTableKey>(NodeNames names, Serde<TTableKey>? keySerde, Serde<TAggregate>? valueSerde, string storeName,
        Func<ValueGetterSupplier<TTableKey, TAggregate>>? getter, WindowClosing<TTableKey>? closing)
    {
        builder.AddProcessor<TTableKey, Change<TAggregate>, TTableKey, Change<TAggregate>>(names.Merge,
            () => new KStreamPassThrough<TTableKey, Change<TAggregate>>(), [.. names.Aggregates]);
        return new KTableImpl<TTableKey, TAggregate>(builder, names.Merge, keySerde, valueSerde, storeName, getter, closing);
    }
}

/// <summary>One stream of a cogroup and its aggregator, with its value type hidden.</summary>
internal abstract class CogroupPart<TKey, TAggregate>
{
    public abstract object Group { get; }
    public abstract Serde<TKey>? KeySerde { get; }

    /// <summary>The node the stream's aggregation reads: repartitioned first when its key may have changed.</summary>
    public abstract string Source(InternalStreamsBuilder builder, string storeName);

    /// <summary>Adds the stream's aggregation node <paramref name="name"/> under <paramref name="source"/>, on the shared store.</summary>
    public abstract void AddAggregate(InternalStreamsBuilder builder, string name, string source, string storeName, Func<TAggregate> initializer, TimeWindows? windows);

    public static CogroupPart<TKey, TAggregate> Of<TValue>(KGroupedStreamImpl<TKey, TValue> group, Func<TKey, TValue, TAggregate, TAggregate> aggregator) =>
        new Typed<TValue>(group, aggregator);

    private sealed class Typed<TValue>(KGroupedStreamImpl<TKey, TValue> group, Func<TKey, TValue, TAggregate, TAggregate> aggregator) : CogroupPart<TKey, TAggregate>
    {
        public override object Group => group;
        public override Serde<TKey>? KeySerde => group.KeySerde;

        public override string Source(InternalStreamsBuilder builder, string storeName) => group.SourceForAggregation(storeName);

        public override void AddAggregate(InternalStreamsBuilder builder, string name, string source, string storeName, Func<TAggregate> initializer, TimeWindows? windows)
        {
            var fold = Folds.Aggregate(initializer, aggregator);
            if (windows is null)
                builder.AddProcessor<TKey, TValue, TKey, Change<TAggregate>>(name, () => new KStreamAggregate<TKey, TValue, TAggregate>(storeName, fold), source);
            else
                builder.AddProcessor<TKey, TValue, Windowed<TKey>, Change<TAggregate>>(name,
                    () => new KStreamWindowAggregate<TKey, TValue, TAggregate>(storeName, windows, fold), source);
        }
    }
}
