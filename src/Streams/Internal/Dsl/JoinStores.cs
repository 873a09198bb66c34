using Pulse.Streams.Dsl;
using Pulse.Streams.Errors;
using Pulse.Streams.Serialization;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.Dsl;

/// <summary>The stores of a stream–stream join, named and shaped as Kafka's <c>StreamJoinedStoreFactory</c> and <c>OuterStreamJoinStoreFactory</c>.</summary>
internal static class JoinStores
{
    /// <summary>
    /// One side's window store, <c>&lt;baseName&gt;-store</c> unless <paramref name="supplier"/> is given: windows of the join's size,
    /// kept size + grace, duplicates retained, never cached. A given supplier must have exactly those settings.
    /// </summary>
    public static WindowStoreBuilder<TKey, TValue> Window<TKey, TValue, TLeft, TRight>(IWindowBytesStoreSupplier? supplier, string baseName,
        JoinWindows windows, StreamJoined<TKey, TLeft, TRight> sj, Serde<TKey>? keySerde, Serde<TValue>? valueSerde)
    {
        var (retention, size) = (windows.SizeMs + windows.GraceMs, windows.SizeMs);
        if (supplier is not null)
        {
            if (!supplier.RetainDuplicates)
                throw new TopologyException($"the join store supplier '{supplier.Name}' must retain duplicates.");
            if (supplier.RetentionPeriodMs != retention || supplier.WindowSizeMs != size)
                throw new TopologyException($"the join store supplier '{supplier.Name}' (retention {supplier.RetentionPeriodMs} ms, window size " +
                    $"{supplier.WindowSizeMs} ms) must match the join windows: retention {retention} ms (size + grace), window size {size} ms.");
        }
        var name = baseName + "-store";
        supplier ??= sj.StoreType == StoreType.InMemory
            ? Stores.InMemoryWindowStore(name, TimeSpan.FromMilliseconds(retention), TimeSpan.FromMilliseconds(size), retainDuplicates: true)
            : Stores.PersistentWindowStore(name, TimeSpan.FromMilliseconds(retention), TimeSpan.FromMilliseconds(size), retainDuplicates: true);
        var builder = Stores.WindowStoreBuilder(supplier, keySerde, valueSerde).WithCachingDisabled();
        return sj.LoggingEnabled ? builder.WithLoggingEnabled(sj.LogConfig) : builder.WithLoggingDisabled();
    }

    /// <summary>
    /// The outer-join store's name: after this side's store supplier or the join's store name when given
    /// (<c>-outer-shared-join-store</c>, or <c>-left-shared-join-store</c> for a left join), else <c>KSTREAM-OUTERSHARED-&lt;n&gt;-store</c>
    /// with the number of the join's this-side node.
    /// </summary>
    public static string OuterName<TKey, TLeft, TRight>(StreamJoined<TKey, TLeft, TRight> sj, string number, bool outer)
    {
        var suffix = outer ? "-outer-shared-join" : "-left-shared-join";
        if (sj.ThisStoreSupplier is { Name.Length: > 0 } supplier) return supplier.Name + suffix + "-store";
        if (sj.StoreName is not null) return sj.StoreName + suffix + "-store";
        return "KSTREAM-OUTERSHARED-" + number + "-store";
    }

    /// <summary>The outer-join store: a byte key-value store, in memory or RocksDB as this side's store, never cached.</summary>
    public static KeyValueStoreBuilder<byte[], byte[]> Outer<TKey, TLeft, TRight>(string name, StreamJoined<TKey, TLeft, TRight> sj)
    {
        var persistent = sj.ThisStoreSupplier?.Persistent ?? sj.StoreType == StoreType.RocksDb;
        var supplier = persistent ? Stores.PersistentKeyValueStore(name) : Stores.InMemoryKeyValueStore(name);
        var builder = Stores.KeyValueStoreBuilder(supplier, Serdes.ByteArray, Serdes.ByteArray).WithCachingDisabled();
        return sj.LoggingEnabled ? builder.WithLoggingEnabled(sj.LogConfig) : builder.WithLoggingDisabled();
    }
}
