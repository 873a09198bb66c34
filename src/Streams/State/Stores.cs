using Pulse.Streams.Internal.State;
using Pulse.Streams.Serialization;

namespace Pulse.Streams.State;

/// <summary>Factory of store suppliers and builders, as Kafka's <c>Stores</c>.</summary>
public static class Stores
{
    /// <summary>A RocksDB key-value store.</summary>
    public static IKeyValueBytesStoreSupplier PersistentKeyValueStore(string name) =>
        new KeyValueSupplier(CheckName(name), true, () => new RocksDbKeyValueStore(name));

    /// <summary>An in-memory key-value store (restored from its changelog when a task starts).</summary>
    public static IKeyValueBytesStoreSupplier InMemoryKeyValueStore(string name) =>
        new KeyValueSupplier(CheckName(name), false, () => new InMemoryKeyValueStore(name));

    /// <summary>
    /// A RocksDB versioned key-value store (Kafka's KIP-889): each key's latest value and the values it held within
    /// <paramref name="historyRetention"/> of stream time, readable as of a timestamp.
    /// </summary>
    public static IVersionedBytesStoreSupplier PersistentVersionedKeyValueStore(string name, TimeSpan historyRetention) =>
        new VersionedSupplier(CheckName(name), true, CheckRetention(historyRetention), () => new RocksDbKeyValueStore(name));

    /// <summary>An in-memory versioned key-value store (restored from its changelog when a task starts).</summary>
    public static IVersionedBytesStoreSupplier InMemoryVersionedKeyValueStore(string name, TimeSpan historyRetention) =>
        new VersionedSupplier(CheckName(name), false, CheckRetention(historyRetention), () => new InMemoryKeyValueStore(name));

    /// <summary>A RocksDB window store.</summary>
    public static IWindowBytesStoreSupplier PersistentWindowStore(string name, TimeSpan retention, TimeSpan windowSize, bool retainDuplicates = false)
    {
        var (r, w) = CheckWindow(name, retention, windowSize);
        return new WindowSupplier(name, true, r, w, retainDuplicates, () => new RocksDbWindowStore(name, r, w, retainDuplicates));
    }

    /// <summary>An in-memory window store.</summary>
    public static IWindowBytesStoreSupplier InMemoryWindowStore(string name, TimeSpan retention, TimeSpan windowSize, bool retainDuplicates = false)
    {
        var (r, w) = CheckWindow(name, retention, windowSize);
        return new WindowSupplier(name, false, r, w, retainDuplicates, () => new InMemoryWindowStore(name, r, w, retainDuplicates));
    }

    /// <summary>A RocksDB session store keeping sessions for <paramref name="retention"/> after their end.</summary>
    public static ISessionBytesStoreSupplier PersistentSessionStore(string name, TimeSpan retention)
    {
        var r = CheckRetention(name, retention);
        return new SessionSupplier(name, true, r, () => new RocksDbSessionStore(name, r));
    }

    /// <summary>An in-memory session store keeping sessions for <paramref name="retention"/> after their end.</summary>
    public static ISessionBytesStoreSupplier InMemorySessionStore(string name, TimeSpan retention)
    {
        var r = CheckRetention(name, retention);
        return new SessionSupplier(name, false, r, () => new InMemorySessionStore(name, r));
    }

    /// <summary>A builder of a typed key-value store over <paramref name="supplier"/>; null serdes mean the configured defaults.</summary>
    public static KeyValueStoreBuilder<TKey, TValue> KeyValueStoreBuilder<TKey, TValue>(
        IKeyValueBytesStoreSupplier supplier, Serde<TKey>? keySerde = null, Serde<TValue>? valueSerde = null) =>
        new(supplier, keySerde, valueSerde);

    /// <summary>A builder of a typed versioned store over <paramref name="supplier"/>; null serdes mean the configured defaults.</summary>
    public static VersionedKeyValueStoreBuilder<TKey, TValue> VersionedKeyValueStoreBuilder<TKey, TValue>(
        IVersionedBytesStoreSupplier supplier, Serde<TKey>? keySerde = null, Serde<TValue>? valueSerde = null) =>
        new(supplier, keySerde, valueSerde);

    /// <summary>A builder of a typed window store over <paramref name="supplier"/>; null serdes mean the configured defaults.</summary>
    public static WindowStoreBuilder<TKey, TValue> WindowStoreBuilder<TKey, TValue>(
        IWindowBytesStoreSupplier supplier, Serde<TKey>? keySerde = null, Serde<TValue>? valueSerde = null) =>
        new(supplier, keySerde, valueSerde);

    /// <summary>A builder of a typed session store over <paramref name="supplier"/>; null serdes mean the configured defaults.</summary>
    public static SessionStoreBuilder<TKey, TAggregate> SessionStoreBuilder<TKey, TAggregate>(
        ISessionBytesStoreSupplier supplier, Serde<TKey>? keySerde = null, Serde<TAggregate>? valueSerde = null) =>
        new(supplier, keySerde, valueSerde);

    private static string CheckName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return name;
    }

    private static long CheckRetention(TimeSpan historyRetention)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(historyRetention, TimeSpan.Zero);
        return (long)historyRetention.TotalMilliseconds;
    }

    private static (long Retention, long Size) CheckWindow(string name, TimeSpan retention, TimeSpan windowSize)
    {
        CheckName(name);
        ArgumentOutOfRangeException.ThrowIfNegative(windowSize.Ticks, nameof(windowSize)); // zero, as Kafka allows: a join of records of one time
        ArgumentOutOfRangeException.ThrowIfLessThan(retention, windowSize);
        return ((long)retention.TotalMilliseconds, (long)windowSize.TotalMilliseconds);
    }

    private static long CheckRetention(string name, TimeSpan retention)
    {
        CheckName(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(retention, TimeSpan.Zero);
        return (long)retention.TotalMilliseconds;
    }

    private sealed record KeyValueSupplier(string Name, bool Persistent, Func<IKeyValueStore<Bytes, byte[]>> Factory)
        : IKeyValueBytesStoreSupplier
    {
        public IKeyValueStore<Bytes, byte[]> Get() => Factory();
    }

    private sealed record VersionedSupplier(string Name, bool Persistent, long HistoryRetentionMs, Func<IKeyValueStore<Bytes, byte[]>> Factory)
        : IVersionedBytesStoreSupplier
    {
        public IKeyValueStore<Bytes, byte[]> Get() => Factory();
    }

    private sealed record WindowSupplier(string Name, bool Persistent, long RetentionPeriodMs, long WindowSizeMs, bool RetainDuplicates,
        Func<IWindowStore<Bytes, byte[]>> Factory) : IWindowBytesStoreSupplier
    {
        public IWindowStore<Bytes, byte[]> Get() => Factory();
    }

    private sealed record SessionSupplier(string Name, bool Persistent, long RetentionPeriodMs, Func<ISessionStore<Bytes, byte[]>> Factory)
        : ISessionBytesStoreSupplier
    {
        public ISessionStore<Bytes, byte[]> Get() => Factory();
    }
}
