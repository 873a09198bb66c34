using Pulse.Streams.Errors;
using Pulse.Streams.Internal.State;
using Pulse.Streams.Serialization;

namespace Pulse.Streams.State;

/// <summary>
/// Builds a typed versioned store: serdes over an optional changelog over the versions, kept in the supplier's byte store.
/// Versioned stores have no cache, as Kafka's: building one with caching enabled fails.
/// </summary>
public sealed class VersionedKeyValueStoreBuilder<TKey, TValue> : StoreBuilder<VersionedKeyValueStoreBuilder<TKey, TValue>>
{
    private readonly IVersionedBytesStoreSupplier _supplier;
    private readonly Serde<TKey>? _keySerde;
    private readonly Serde<TValue>? _valueSerde;

    internal VersionedKeyValueStoreBuilder(IVersionedBytesStoreSupplier supplier, Serde<TKey>? keySerde, Serde<TValue>? valueSerde)
        : base(supplier.Name)
    {
        _supplier = supplier;
        _keySerde = keySerde;
        _valueSerde = valueSerde;
    }

    /// <summary>How far back, in stream time (ms), the store keeps old values.</summary>
    public long HistoryRetentionMs => _supplier.HistoryRetentionMs;

    /// <summary>
    /// The changelog's topic configs: as Kafka, compaction keeps every record for at least the history retention plus a day
    /// (<c>min.compaction.lag.ms</c>, unless given), so a restore still finds the versions the store keeps.
    /// </summary>
    public override IReadOnlyDictionary<string, string> LogConfig
    {
        get
        {
            var config = new Dictionary<string, string>(base.LogConfig);
            config.TryAdd("min.compaction.lag.ms", (_supplier.HistoryRetentionMs + (long)TimeSpan.FromDays(1).TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture));
            return config;
        }
    }

    /// <summary>Builds the typed store.</summary>
    public override IStateStore Build() => BuildStore();

    /// <summary>Builds the typed store.</summary>
    /// <exception cref="TopologyException">Caching was enabled.</exception>
    public IVersionedKeyValueStore<TKey, TValue> BuildStore()
    {
        if (CachingEnabled) throw new TopologyException($"versioned store '{Name}' cannot have a cache: versioned stores do not support caching.");
        IVersionedBytesStore inner = new VersionedKeyValueBytesStore(_supplier.Get(), _supplier.HistoryRetentionMs);
        if (LoggingEnabled) inner = new ChangeLoggingVersionedKeyValueStore(inner);
        return new MeteredVersionedKeyValueStore<TKey, TValue>(inner, _keySerde, _valueSerde);
    }
}
