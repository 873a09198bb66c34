using Pulse.Streams.Dsl;
using Pulse.Streams.Internal.Processor;
using Pulse.Streams.Internal.State;
using Pulse.Streams.Errors;
using Pulse.Streams.Internal.Dsl.Processors;
using Pulse.Streams.Serialization;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.Dsl;

/// <summary>
/// A table in the DSL: the node that emits its changes, the store that holds it (when materialized), how to look a key
/// up, whether its node forwards old values, and, for windowed tables, when a window closes (for final results).
/// </summary>
internal sealed partial class KTableImpl<TKey, TValue>(InternalStreamsBuilder builder, string nodeName, Serde<TKey>? keySerde, Serde<TValue>? valueSerde,
    string? storeName, Func<ValueGetterSupplier<TKey, TValue>>? getter, WindowClosing<TKey>? windowClosing = null, OldValues? oldValues = null)
    : IKTable<TKey, TValue>
{
    public string NodeName => nodeName;
    public string? QueryableStoreName => storeName;
    public Serde<TKey>? KeySerde => keySerde;
    public Serde<TValue>? ValueSerde => valueSerde;
    public InternalStreamsBuilder Builder => builder;

    /// <summary>Whether this table's node forwards old values; operators that need them enable it.</summary>
    public OldValues OldValues { get; } = oldValues ?? new OldValues();

    public IKTable<TKey, TValue> Filter(Func<TKey, TValue, bool> predicate, Named? named = null) => FilterCore(predicate, false, named, null);

    public IKTable<TKey, TValue> FilterNot(Func<TKey, TValue, bool> predicate, Named? named = null) => FilterCore(predicate, true, named, null);

    public IKTable<TKey, TValue> Filter(Func<TKey, TValue, bool> predicate, Materialized<TKey, TValue> materialized, Named? named = null) =>
        FilterCore(predicate, false, named, materialized ?? throw new ArgumentNullException(nameof(materialized)));

    public IKTable<TKey, TValue> FilterNot(Func<TKey, TValue, bool> predicate, Materialized<TKey, TValue> materialized, Named? named = null) =>
        FilterCore(predicate, true, named, materialized ?? throw new ArgumentNullException(nameof(materialized)));

    public IKTable<TKey, TValueOut> MapValues<TValueOut>(Func<TValue, TValueOut> mapper, Named? named = null) => MapValues<TValueOut>((_, v) => mapper(v), named);

    public IKTable<TKey, TValueOut> MapValues<TValueOut>(Func<TKey, TValue, TValueOut> mapper, Named? named = null) => MapValuesCore(mapper, named, null);

    public IKTable<TKey, TValueOut> MapValues<TValueOut>(Func<TKey, TValue, TValueOut> mapper, Materialized<TKey, TValueOut> materialized, Named? named = null) =>
        MapValuesCore(mapper, named, materialized ?? throw new ArgumentNullException(nameof(materialized)));

    public IKTable<TKey, TValueOut> TransformValues<TValueOut>(Func<IValueTransformerWithKey<TKey, TValue, TValueOut>> transformerSupplier,
        params string[] stateStoreNames) => TransformValuesCore(transformerSupplier, null, null, stateStoreNames);

    public IKTable<TKey, TValueOut> TransformValues<TValueOut>(Func<IValueTransformerWithKey<TKey, TValue, TValueOut>> transformerSupplier,
        Named named, params string[] stateStoreNames) =>
        TransformValuesCore(transformerSupplier, null, named ?? throw new ArgumentNullException(nameof(named)), stateStoreNames);

    public IKTable<TKey, TValueOut> TransformValues<TValueOut>(Func<IValueTransformerWithKey<TKey, TValue, TValueOut>> transformerSupplier,
        Materialized<TKey, TValueOut> materialized, params string[] stateStoreNames) =>
        TransformValuesCore(transformerSupplier, materialized ?? throw new ArgumentNullException(nameof(materialized)), null, stateStoreNames);

    public IKTable<TKey, TValueOut> TransformValues<TValueOut>(Func<IValueTransformerWithKey<TKey, TValue, TValueOut>> transformerSupplier,
        Materialized<TKey, TValueOut> materialized, Named named, params string[] stateStoreNames) =>
        TransformValuesCore(transformerSupplier, materialized ?? throw new ArgumentNullException(nameof(materialized)),
            named ?? throw new ArgumentNullException(nameof(named)), stateStoreNames);

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
        if (suppressed.FinalResultsOnly && windowClosing is null)
            throw new TopologyException("Suppress(UntilWindowCloses) applies to windowed aggregations only; use UntilTimeLimit for other tables.");
        var name = suppressed.Name ?? builder.NewName("KTABLE-SUPPRESS-");
        var store = suppressed.Name is { } n ? n + "-store" : builder.NewStoreName("KTABLE-SUPPRESS-");
        var rules = suppressed.FinalResultsOnly
            ? new SuppressionRules(windowClosing!.GraceMs, suppressed.BufferConfig, DropDeletes: true)
            : new SuppressionRules((long)suppressed.TimeToWaitForMoreEvents.TotalMilliseconds, suppressed.BufferConfig, DropDeletes: false);
        var bufferTime = suppressed.FinalResultsOnly ? windowClosing!.WindowEnd : null;
        var keySerdeOf = windowClosing?.KeySerde ?? (config => config.KeySerde(keySerde, $"suppress node '{name}'"));
        Func<StreamsConfig, Serde<TValue>> valueSerdeOf = config => config.ValueSerde(valueSerde, $"suppress node '{name}'");
        builder.AddProcessor<TKey, Change<TValue>, TKey, Change<TValue>>(name,
            () => new KTableSuppress<TKey, TValue>(name, store, rules, bufferTime, keySerdeOf, valueSerdeOf), nodeName);
        builder.Topology.AddStateStore(new TimeOrderedKeyValueBufferBuilder(store, suppressed.LoggingEnabled, suppressed.LogConfig), false, name);
        // As Kafka's: the buffer sees old values, so a buffered key keeps what downstream last saw (the suppressed table's view) and
        // what it emits carries an old value for a GroupBy or join downstream.
        OldValues.Enable();
        return new KTableImpl<TKey, TValue>(builder, name, keySerde, valueSerde, null,
            getter is null ? null : () => SuppressedView.Of(ValueGetter(), store, keySerdeOf, valueSerdeOf),
            oldValues: new OldValues(OldValues.Enable));
    }

    public IKGroupedTable<TKeyOut, TValueOut> GroupBy<TKeyOut, TValueOut>(Func<TKey, TValue, KeyValue<TKeyOut, TValueOut>> selector,
        Grouped<TKeyOut, TValueOut>? grouped = null)
    {
        ArgumentNullException.ThrowIfNull(selector);
        var name = grouped?.Name ?? builder.NewName("KTABLE-SELECT-");
        builder.AddProcessor<TKey, Change<TValue>, TKeyOut, Change<TValueOut>>(name, () => new KTableRepartitionMap<TKey, TValue, TKeyOut, TValueOut>(selector), nodeName);
        OldValues.Enable(); // the subtractor needs what each row held before
        return new KGroupedTableImpl<TKeyOut, TValueOut>(builder, name, grouped?.KeySerde, grouped?.ValueSerde, grouped?.Name);
    }

    /// <summary>How to look keys up in this table; a source table is materialized by the first caller (a join), as in Kafka.</summary>
    public ValueGetterSupplier<TKey, TValue> ValueGetter() => getter?.Invoke() ?? throw new TopologyException(
        $"table '{nodeName}' is not materialized, so it cannot be joined; materialize it with a store name.");

    public IEnumerable<string> SourceTopics() => TopologyWalk.SourceTopicsOf(builder.Topology, nodeName);

    private KTableImpl<TKey, TValue> FilterCore(Func<TKey, TValue, bool> predicate, bool not, Named? named, Materialized<TKey, TValue>? materialized)
    {
        var store = Materialize(materialized, "KTABLE-FILTER-", valueSerde);
        var name = named?.Name ?? builder.NewName("KTABLE-FILTER-");
        var old = new OldValues(OldValues.Enable);
        builder.AddProcessor<TKey, Change<TValue>, TKey, Change<TValue>>(name,
            () => new KTableFilter<TKey, TValue>(predicate, not, store?.Name, old.Enabled), nodeName);
        if (store is not null) builder.Topology.AddStateStore(store.Builder, false, name);
        return new KTableImpl<TKey, TValue>(builder, name, keySerde, store?.ValueSerde ?? valueSerde, store?.Name,
            store is not null ? () => StoreGetter(store.Name) : getter is null ? null : () => getter().Then((k, v) => (predicate(k, v) != not, v)),
            oldValues: old);
    }

    private KTableImpl<TKey, TValueOut> MapValuesCore<TValueOut>(Func<TKey, TValue, TValueOut> mapper, Named? named, Materialized<TKey, TValueOut>? materialized)
    {
        var store = Materialize(materialized, "KTABLE-MAPVALUES-", null);
        var name = named?.Name ?? builder.NewName("KTABLE-MAPVALUES-");
        var old = new OldValues(OldValues.Enable);
        builder.AddProcessor<TKey, Change<TValue>, TKey, Change<TValueOut>>(name,
            () => new KTableMapValues<TKey, TValue, TValueOut>(mapper, store?.Name, old.Enabled), nodeName);
        if (store is not null) builder.Topology.AddStateStore(store.Builder, false, name);
        return new KTableImpl<TKey, TValueOut>(builder, name, keySerde, store?.ValueSerde, store?.Name,
            store is not null ? () => KTableImpl<TKey, TValueOut>.StoreGetter(store.Name)
                : getter is null ? null : () => getter().Then((k, v) => (true, mapper(k, v))),
            oldValues: old);
    }

    private KTableImpl<TKey, TValueOut> TransformValuesCore<TValueOut>(Func<IValueTransformerWithKey<TKey, TValue, TValueOut>> supplier,
        Materialized<TKey, TValueOut>? materialized, Named? named, string[] stateStoreNames)
    {
        ArgumentNullException.ThrowIfNull(supplier);
        ArgumentNullException.ThrowIfNull(stateStoreNames);
        var store = Materialize(materialized, "KTABLE-TRANSFORMVALUES-", null);
        var name = named?.Name ?? builder.NewName("KTABLE-TRANSFORMVALUES-");
        var old = new OldValues(OldValues.Enable);
        var storeNameOut = store?.Name;
        builder.AddProcessor<TKey, Change<TValue>, TKey, Change<TValueOut>>(name, () => new KTableTransformValues<TKey, TValue, TValueOut>(
            supplier() ?? throw new InvalidOperationException($"The transformer supplier of '{name}' returned null."), storeNameOut, old.Enabled), nodeName);
        if (store is not null) builder.Topology.AddStateStore(store.Builder, false, name);
        if (stateStoreNames.Length > 0) builder.Topology.ConnectProcessorAndStateStores([name], stateStoreNames);
        return new KTableImpl<TKey, TValueOut>(builder, name, keySerde, store?.ValueSerde, store?.Name,
            store is not null ? () => KTableImpl<TKey, TValueOut>.StoreGetter(store.Name)
                : getter is null ? null : () => KTableTransformValues<TKey, TValue, TValueOut>.Getter(getter(), supplier, stateStoreNames),
            oldValues: old);
    }

    /// <summary>
    /// The store of a table operator given <paramref name="materialized"/>: as Kafka, a generated store name is drawn for any
    /// <c>Materialized</c> (before the node's name), but only a named one is kept (the operator's results, queryable).
    /// </summary>
    private MaterializedStore<TOut>? Materialize<TOut>(Materialized<TKey, TOut>? materialized, string prefix, Serde<TOut>? defaultValueSerde)
    {
        if (materialized is null) return null;
        if (materialized.StoreName is null)
        {
            builder.NewStoreName(prefix);
            return null;
        }
        var m = materialized with { KeySerde = materialized.KeySerde ?? keySerde, ValueSerde = materialized.ValueSerde ?? defaultValueSerde };
        return new MaterializedStore<TOut>(m.StoreName!, StoreBuilders.KeyValue(m, m.StoreName!), m.ValueSerde);
    }

    private sealed record MaterializedStore<TOut>(string Name, IStoreBuilder Builder, Serde<TOut>? ValueSerde);

    /// <summary>Looks keys up in the versioned store <paramref name="store"/>: its latest values, or as of a time.</summary>
    public static ValueGetterSupplier<TKey, TValue> VersionedStoreGetter(string store, long historyRetentionMs) => new([store], context =>
    {
        var versioned = context.GetStateStore<IVersionedKeyValueStore<TKey, TValue>>(store);
        return (TKey key, out TValue? value, out long timestamp) =>
        {
            var found = versioned.Get(key);
            value = found is null ? default : found.Value;
            timestamp = found?.Timestamp ?? TimestampedValues.NoTimestamp;
            return found is not null;
        };
    }, context =>
    {
        var versioned = context.GetStateStore<IVersionedKeyValueStore<TKey, TValue>>(store);
        return (TKey key, long asOf, out TValue? value) =>
        {
            var found = versioned.Get(key, asOf);
            value = found is null ? default : found.Value;
            return found is not null;
        };
    }, historyRetentionMs);

    /// <summary>Looks keys up in the key-value store <paramref name="store"/>.</summary>
    public static ValueGetterSupplier<TKey, TValue> StoreGetter(string store) => new([store], context =>
    {
        var kv = context.GetStateStore<IKeyValueStore<TKey, TValue>>(store);
        if (kv is MeteredKeyValueStore<TKey, TValue> metered)
        {
            return (TKey key, out TValue? value, out long timestamp) =>
            {
                var found = metered.TryGetTimestamped(key, out var stamped);
                (value, timestamp) = (stamped.Value, stamped.Timestamp);
                return found;
            };
        }
        return (TKey key, out TValue? value, out long timestamp) =>
        {
            var found = kv.TryGet(key, out var v);
            (value, timestamp) = (v, TimestampedValues.NoTimestamp);
            return found;
        };
    });
}

/// <summary>A global table: just the name of its store, readable from every task.</summary>
internal sealed class GlobalKTableImpl<TKey, TValue>(string storeName) : IGlobalKTable<TKey, TValue>
{
    public string QueryableStoreName => storeName;
}

/// <summary>
/// When a windowed table's windows close, for Suppress(UntilWindowCloses): a window's final result is due
/// once stream time reaches its end (<paramref name="WindowEnd"/>) plus <paramref name="GraceMs"/>; the key serde
/// wraps the inner key serde (the application's default when none was given).
/// </summary>
internal sealed record WindowClosing<TKey>(long GraceMs, Func<TKey, long> WindowEnd, Func<StreamsConfig, Serde<TKey>> KeySerde);
