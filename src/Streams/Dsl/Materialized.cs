using Pulse.Streams.Serialization;
using Pulse.Streams.State;

namespace Pulse.Streams.Dsl;

/// <summary>Where a table's or aggregation's state lives.</summary>
public enum StoreType
{
    /// <summary>RocksDB on local disk (Kafka's default).</summary>
    RocksDb,

    /// <summary>In memory, rebuilt from the changelog on restart.</summary>
    InMemory,
}

/// <summary>
/// The store behind a table or aggregation: its name (queryable, and the changelog's name),
/// serdes, type, caching and change-logging (both on by default), and window retention.
/// </summary>
public sealed record Materialized<TKey, TValue>
{
    /// <summary>The store's name, or null for a generated one.</summary>
    public string? StoreName { get; init; }

    /// <summary>The key serde, or null for the default.</summary>
    public Serde<TKey>? KeySerde { get; init; }

    /// <summary>The value serde, or null for the default.</summary>
    public Serde<TValue>? ValueSerde { get; init; }

    /// <summary>RocksDB or in-memory.</summary>
    public StoreType StoreType { get; init; } = StoreType.RocksDb;

    /// <summary>A write-back cache in front of the store (dedupes updates between commits).</summary>
    public bool CachingEnabled { get; init; } = true;

    /// <summary>Every write also goes to the changelog topic.</summary>
    public bool LoggingEnabled { get; init; } = true;

    /// <summary>Changelog topic configs.</summary>
    public IReadOnlyDictionary<string, string> LogConfig { get; init; } = new Dictionary<string, string>();

    /// <summary>For window and session stores: how long windows are kept (at least size + grace; for sessions, gap + grace).</summary>
    public TimeSpan? Retention { get; init; }

    /// <summary>A custom key-value store, overriding <see cref="StoreType"/>.</summary>
    public IKeyValueBytesStoreSupplier? KeyValueSupplier { get; init; }

    /// <summary>A custom window store, overriding <see cref="StoreType"/>.</summary>
    public IWindowBytesStoreSupplier? WindowSupplier { get; init; }

    /// <summary>A custom session store, overriding <see cref="StoreType"/>.</summary>
    public ISessionBytesStoreSupplier? SessionSupplier { get; init; }

    /// <summary>A copy with a key serde.</summary>
    public Materialized<TKey, TValue> WithKeySerde(Serde<TKey> serde) => this with { KeySerde = serde };

    /// <summary>A copy with a value serde.</summary>
    public Materialized<TKey, TValue> WithValueSerde(Serde<TValue> serde) => this with { ValueSerde = serde };

    /// <summary>A copy with a store type.</summary>
    public Materialized<TKey, TValue> WithStoreType(StoreType type) => this with { StoreType = type };

    /// <summary>A copy with caching on.</summary>
    public Materialized<TKey, TValue> WithCachingEnabled() => this with { CachingEnabled = true };

    /// <summary>A copy with caching off: every update is forwarded at once.</summary>
    public Materialized<TKey, TValue> WithCachingDisabled() => this with { CachingEnabled = false };

    /// <summary>A copy with change-logging on.</summary>
    public Materialized<TKey, TValue> WithLoggingEnabled(IReadOnlyDictionary<string, string>? config = null) =>
        this with { LoggingEnabled = true, LogConfig = config ?? new Dictionary<string, string>() };

    /// <summary>A copy with change-logging off.</summary>
    public Materialized<TKey, TValue> WithLoggingDisabled() => this with { LoggingEnabled = false };

    /// <summary>A copy with a window retention.</summary>
    public Materialized<TKey, TValue> WithRetention(TimeSpan retention) => this with { Retention = retention };
}

/// <summary>Factories of <see cref="Materialized{TKey, TValue}"/>.</summary>
public static class Materialized
{
    /// <summary>A named store.</summary>
    public static Materialized<TKey, TValue> As<TKey, TValue>(string storeName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(storeName);
        return new() { StoreName = storeName };
    }

    /// <summary>A store with these serdes and a generated name.</summary>
    public static Materialized<TKey, TValue> With<TKey, TValue>(Serde<TKey>? keySerde, Serde<TValue>? valueSerde) =>
        new() { KeySerde = keySerde, ValueSerde = valueSerde };

    /// <summary>A custom key-value store.</summary>
    public static Materialized<TKey, TValue> As<TKey, TValue>(IKeyValueBytesStoreSupplier supplier) =>
        new() { StoreName = supplier.Name, KeyValueSupplier = supplier };

    /// <summary>A custom window store.</summary>
    public static Materialized<TKey, TValue> As<TKey, TValue>(IWindowBytesStoreSupplier supplier) =>
        new() { StoreName = supplier.Name, WindowSupplier = supplier };

    /// <summary>A custom session store.</summary>
    public static Materialized<TKey, TValue> As<TKey, TValue>(ISessionBytesStoreSupplier supplier) =>
        new() { StoreName = supplier.Name, SessionSupplier = supplier };
}
