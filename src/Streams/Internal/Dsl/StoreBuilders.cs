using Pulse.Streams.Dsl;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.Dsl;

/// <summary>Turns a <see cref="Materialized{TKey, TValue}"/> into a store builder.</summary>
internal static class StoreBuilders
{
    public static KeyValueStoreBuilder<TKey, TValue> KeyValue<TKey, TValue>(Materialized<TKey, TValue> m, string name)
    {
        var supplier = m.KeyValueSupplier ?? (m.StoreType == StoreType.InMemory ? Stores.InMemoryKeyValueStore(name) : Stores.PersistentKeyValueStore(name));
        var builder = Stores.KeyValueStoreBuilder(supplier, m.KeySerde, m.ValueSerde);
        if (m.CachingEnabled) builder.WithCachingEnabled(); else builder.WithCachingDisabled();
        if (m.LoggingEnabled) builder.WithLoggingEnabled(m.LogConfig); else builder.WithLoggingDisabled();
        return builder;
    }

    public static WindowStoreBuilder<TKey, TValue> Window<TKey, TValue>(Materialized<TKey, TValue> m, string name, long sizeMs, long graceMs)
    {
        var minimum = sizeMs + graceMs;
        var retention = m.Retention is { } r ? (long)r.TotalMilliseconds : minimum;
        if (retention < minimum)
            throw new Errors.TopologyException($"the retention of window store '{name}' ({retention} ms) must be at least window size plus grace ({minimum} ms).");
        var supplier = m.WindowSupplier ?? (m.StoreType == StoreType.InMemory
            ? Stores.InMemoryWindowStore(name, TimeSpan.FromMilliseconds(retention), TimeSpan.FromMilliseconds(sizeMs))
            : Stores.PersistentWindowStore(name, TimeSpan.FromMilliseconds(retention), TimeSpan.FromMilliseconds(sizeMs)));
        var builder = Stores.WindowStoreBuilder(supplier, m.KeySerde, m.ValueSerde);
        if (m.CachingEnabled) builder.WithCachingEnabled(); else builder.WithCachingDisabled();
        if (m.LoggingEnabled) builder.WithLoggingEnabled(m.LogConfig); else builder.WithLoggingDisabled();
        return builder;
    }
}
