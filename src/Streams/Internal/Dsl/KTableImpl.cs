using Pulse.Streams.Internal.Processor;
using Pulse.Streams.Dsl;
using Pulse.Streams.Errors;
using Pulse.Streams.Internal.Dsl.Processors;
using Pulse.Streams.Serialization;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.Dsl;

/// <summary>
/// A table in the DSL: the node that emits its changes, the store that holds it (when
/// materialized), how to look a key up, and, for windowed tables, how to suppress to final results.
/// </summary>
internal sealed class KTableImpl<TKey, TValue>(InternalStreamsBuilder builder, string nodeName, Serde<TKey>? keySerde, Serde<TValue>? valueSerde,
    string? storeName, Func<ValueGetterSupplier<TKey, TValue>>? getter, Func<KTableImpl<TKey, TValue>, IKTable<TKey, TValue>>? suppressFinal = null)
    : IKTable<TKey, TValue>
{
    public string NodeName => nodeName;
    public string? QueryableStoreName => storeName;

    public IKTable<TKey, TValue> Filter(Func<TKey, TValue, bool> predicate, Named? named = null) => FilterCore(predicate, false, named);

    public IKTable<TKey, TValue> FilterNot(Func<TKey, TValue, bool> predicate, Named? named = null) => FilterCore(predicate, true, named);

    public IKTable<TKey, TValueOut> MapValues<TValueOut>(Func<TValue, TValueOut> mapper, Named? named = null) => MapValues<TValueOut>((_, v) => mapper(v), named);

    public IKTable<TKey, TValueOut> MapValues<TValueOut>(Func<TKey, TValue, TValueOut> mapper, Named? named = null)
    {
        var name = named?.Name ?? builder.NewName("KTABLE-MAPVALUES-");
        builder.AddProcessor<TKey, Change<TValue>, TKey, Change<TValueOut>>(name, () => new KTableMapValues<TKey, TValue, TValueOut>(mapper), nodeName);
        return new KTableImpl<TKey, TValueOut>(builder, name, keySerde, null, null, getter is null ? null : () => getter().Then((k, v) => (true, mapper(k, v))));
    }

    public IKStream<TKey, TValue> ToStream(Named? named = null)
    {
        var name = named?.Name ?? builder.NewName("KTABLE-TOSTREAM-");
        builder.AddProcessor<TKey, Change<TValue>, TKey, TValue>(name, () => new KTableToStream<TKey, TValue, TKey>((k, _) => k), nodeName);
        return new KStreamImpl<TKey, TValue>(builder, name, keySerde, valueSerde, false);
    }

    public IKStream<TKeyOut, TValue> ToStream<TKeyOut>(Func<TKey, TValue, TKeyOut> keySelector, Named? named = null)
    {
        var name = named?.Name ?? builder.NewName("KTABLE-TOSTREAM-");
        builder.AddProcessor<TKey, Change<TValue>, TKeyOut, TValue>(name, () => new KTableToStream<TKey, TValue, TKeyOut>(keySelector), nodeName);
        return new KStreamImpl<TKeyOut, TValue>(builder, name, null, valueSerde, true);
    }

    public IKTable<TKey, TValue> Suppress(Suppressed suppressed)
    {
        ArgumentNullException.ThrowIfNull(suppressed);
        if (!suppressed.FinalResultsOnly || suppressFinal is null)
            throw new TopologyException("Suppress(untilWindowCloses) applies to windowed aggregations only.");
        return suppressFinal(this);
    }

    /// <summary>How to look keys up in this table; a source table is materialized by the first caller (a join), as in Kafka.</summary>
    public ValueGetterSupplier<TKey, TValue> ValueGetter() => getter?.Invoke() ?? throw new TopologyException(
        $"table '{nodeName}' is not materialized, so it cannot be joined; materialize it with a store name.");

    public IEnumerable<string> SourceTopics() => TopologyWalk.SourceTopicsOf(builder.Topology, nodeName);

    public KTableImpl<TKey, TValue> With(string node, Func<KTableImpl<TKey, TValue>, IKTable<TKey, TValue>>? suppress) =>
        new(builder, node, keySerde, valueSerde, null, null, suppress);

    private KTableImpl<TKey, TValue> FilterCore(Func<TKey, TValue, bool> predicate, bool not, Named? named)
    {
        var name = named?.Name ?? builder.NewName("KTABLE-FILTER-");
        builder.AddProcessor<TKey, Change<TValue>, TKey, Change<TValue>>(name, () => new KTableFilter<TKey, TValue>(predicate, not), nodeName);
        return new KTableImpl<TKey, TValue>(builder, name, keySerde, valueSerde, null, getter is null ? null : () => getter().Then((k, v) => (predicate(k, v) != not, v)));
    }

    /// <summary>Looks keys up in the key-value store <paramref name="store"/>.</summary>
    public static ValueGetterSupplier<TKey, TValue> StoreGetter(string store) => new([store], context =>
    {
        var kv = context.GetStateStore<IKeyValueStore<TKey, TValue>>(store);
        return (TKey key, out TValue? value) =>
        {
            var found = kv.TryGet(key, out var v);
            value = v;
            return found;
        };
    });
}

/// <summary>A global table: just the name of its store, readable from every task.</summary>
internal sealed class GlobalKTableImpl<TKey, TValue>(string storeName) : IGlobalKTable<TKey, TValue>
{
    public string QueryableStoreName => storeName;
}
