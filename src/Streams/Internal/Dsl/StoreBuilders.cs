using Pulse.Streams.Dsl;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.Dsl;

/// <summary>Turns a <see cref="Materialized{TKey, TValue}"/> into a store builder.</summary>
internal static class StoreBuilders
{
    /// <summary>
    /// A table's key-value store, each value kept with its row's timestamp as Kafka's DSL keeps it (<paramref name="timestamped"/>
    /// false: a global table's, whose rows only stream records look up).
    /// </summary>
    public static KeyValueStoreBuilder<TKey, TValue> KeyValue<TKey, TValue>(Materialized<TKey, TValue> m, string name, bool timestamped = true)
    {
        if (m.KeyValueSupplier is IVersionedBytesStoreSupplier)
            throw new Errors.TopologyException($"store '{name}' is versioned; only tables read with StreamsBuilder.Table can be materialized in a versioned store (not global tables, nor tables that operators derive).");
        var supplier = m.KeyValueSupplier ?? (m.StoreType == StoreType.InMemory ? Stores.InMemoryKeyValueStore(name) : Stores.PersistentKeyValueStore(name));
        var builder = Stores.KeyValueStoreBuilder(supplier, m.KeySerde, m.ValueSerde);
        if (timestamped) builder.WithTimestamps();
        if (m.CachingEnabled) builder.WithCachingEnabled(); else builder.WithCachingDisabled();
        if (m.LoggingEnabled) builder.WithLoggingEnabled(m.LogConfig); else builder.WithLoggingDisabled();
        return builder;
    }

    /// <summary>
    /// The store of a source table: versioned when <paramref name="m"/> has a versioned supplier (no cache, as Kafka), else a
    /// key-value store.
    /// </summary>
    public static IStoreBuilder Table<TKey, TValue>(Materialized<TKey, TValue> m, string name)
    {
        if (m.KeyValueSupplier is not IVersionedBytesStoreSupplier versioned) return KeyValue(m, name);
        var builder = Stores.VersionedKeyValueStoreBuilder(versioned, m.KeySerde, m.ValueSerde).WithCachingDisabled();
        if (m.LoggingEnabled) builder.WithLoggingEnabled(m.LogConfig); else builder.WithLoggingDisabled();
        return builder;
    }

    /// <summary>The store of a tumbling or hopping aggregation: retention at least window size plus grace (the default).</summary>
    public static WindowStoreBuilder<TKey, TValue> Window<TKey, TValue>(Materialized<TKey, TValue> m, string name, long sizeMs, long graceMs) =>
        Window(m, name, sizeMs, sizeMs + graceMs, "window size plus grace");

    /// <summary>
    /// The store of a sliding-window aggregation, as Kafka: windows of the time difference, kept at least
    /// twice the time difference plus grace (the default), since a record may need the windows that far back.
    /// </summary>
    public static WindowStoreBuilder<TKey, TValue> SlidingWindow<TKey, TValue>(Materialized<TKey, TValue> m, string name, SlidingWindows windows) =>
        Window(m, name, windows.TimeDifferenceMs, 2 * windows.TimeDifferenceMs + windows.GraceMs, "twice the time difference plus grace");

    /// <summary>The store of a session aggregation, as Kafka: sessions kept at least the inactivity gap plus grace (the default) after their end.</summary>
    public static SessionStoreBuilder<TKey, TValue> Session<TKey, TValue>(Materialized<TKey, TValue> m, string name, SessionWindows windows)
    {
        var minimum = windows.InactivityGapMs + windows.GraceMs;
        var retention = m.Retention is { } r ? (long)r.TotalMilliseconds : minimum;
        if (retention < minimum)
            throw new Errors.TopologyException($"the retention of session store '{name}' ({retention} ms) must be at least the inactivity gap plus grace ({minimum} ms).");
        var supplier = m.SessionSupplier ?? (m.StoreType == StoreType.InMemory
            ? Stores.InMemorySessionStore(name, TimeSpan.FromMilliseconds(retention))
            : Stores.PersistentSessionStore(name, TimeSpan.FromMilliseconds(retention)));
        var builder = Stores.SessionStoreBuilder(supplier, m.KeySerde, m.ValueSerde);
        if (m.CachingEnabled) builder.WithCachingEnabled(); else builder.WithCachingDisabled();
        if (m.LoggingEnabled) builder.WithLoggingEnabled(m.LogConfig); else builder.WithLoggingDisabled();
        return builder;
    }

    private static WindowStoreBuilder<TKey, TValue> Window<TKey, TValue>(Materialized<TKey, TValue> m, string name, long sizeMs, long minimum, string rule)
    {
        var retention = m.Retention is { } r ? (long)r.TotalMilliseconds : minimum;
        if (retention < minimum)
            throw new Errors.TopologyException($"the retention of window store '{name}' ({retention} ms) must be at least {rule} ({minimum} ms).");
        var supplier = m.WindowSupplier ?? (m.StoreType == StoreType.InMemory
            ? Stores.InMemoryWindowStore(name, TimeSpan.FromMilliseconds(retention), TimeSpan.FromMilliseconds(sizeMs))
            : Stores.PersistentWindowStore(name, TimeSpan.FromMilliseconds(retention), TimeSpan.FromMilliseconds(sizeMs)));
        var builder = Stores.WindowStoreBuilder(supplier, m.KeySerde, m.ValueSerde).WithTimestamps(); // the largest record timestamp per window, as Kafka
        if (m.CachingEnabled) builder.WithCachingEnabled(); else builder.WithCachingDisabled();
        if (m.LoggingEnabled) builder.WithLoggingEnabled(m.LogConfig); else builder.WithLoggingDisabled();
        return builder;
    }
}
