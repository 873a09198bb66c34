using Pulse.Streams.Serialization;
using Pulse.Streams.State;

namespace Pulse.Streams.Dsl;

/// <summary>
/// How a stream–stream join keeps its state, as Kafka's <c>StreamJoined</c>: serdes of the key and of both sides'
/// values (null means the configured defaults), the operator's name (its processors' and repartition topics'
/// prefix), the stores' base name, RocksDB or in-memory stores (or stores of one's own), and change-logging.
/// </summary>
public sealed record StreamJoined<TKey, TValue, TOther>
{
    /// <summary>The key serde, or null for the default.</summary>
    public Serde<TKey>? KeySerde { get; init; }

    /// <summary>The serde of this stream's values, or null for the default.</summary>
    public Serde<TValue>? ValueSerde { get; init; }

    /// <summary>The serde of the other stream's values, or null for the default.</summary>
    public Serde<TOther>? OtherValueSerde { get; init; }

    /// <summary>
    /// Names the join's processors (<c>&lt;name&gt;-this-windowed</c>, <c>-this-join</c>, <c>-merge</c>, …) and its
    /// repartition topics (<c>&lt;name&gt;-left-repartition</c>, <c>&lt;name&gt;-right-repartition</c>); null for generated names.
    /// </summary>
    public string? Name { get; init; }

    /// <summary>The stores' base name (<c>&lt;name&gt;-this-join-store</c>, <c>-other-join-store</c>, …); null for generated names.</summary>
    public string? StoreName { get; init; }

    /// <summary>RocksDB (the default) or in-memory stores.</summary>
    public StoreType StoreType { get; init; } = StoreType.RocksDb;

    /// <summary>The window store of this stream's records, overriding <see cref="StoreType"/>; it must retain duplicates.</summary>
    public IWindowBytesStoreSupplier? ThisStoreSupplier { get; init; }

    /// <summary>The window store of the other stream's records, overriding <see cref="StoreType"/>; it must retain duplicates.</summary>
    public IWindowBytesStoreSupplier? OtherStoreSupplier { get; init; }

    /// <summary>Every store write also goes to the store's changelog topic (on by default).</summary>
    public bool LoggingEnabled { get; init; } = true;

    /// <summary>Changelog topic configs.</summary>
    public IReadOnlyDictionary<string, string> LogConfig { get; init; } = new Dictionary<string, string>();

    /// <summary>A copy that names the join's processors and repartition topics.</summary>
    public StreamJoined<TKey, TValue, TOther> WithName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return this with { Name = name };
    }

    /// <summary>A copy that names the join's stores.</summary>
    public StreamJoined<TKey, TValue, TOther> WithStoreName(string storeName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(storeName);
        return this with { StoreName = storeName };
    }

    /// <summary>A copy with a store type.</summary>
    public StreamJoined<TKey, TValue, TOther> WithStoreType(StoreType type) => this with { StoreType = type };

    /// <summary>A copy whose stores of this stream's records come from <paramref name="supplier"/>.</summary>
    public StreamJoined<TKey, TValue, TOther> WithThisStoreSupplier(IWindowBytesStoreSupplier supplier) => this with { ThisStoreSupplier = supplier };

    /// <summary>A copy whose stores of the other stream's records come from <paramref name="supplier"/>.</summary>
    public StreamJoined<TKey, TValue, TOther> WithOtherStoreSupplier(IWindowBytesStoreSupplier supplier) => this with { OtherStoreSupplier = supplier };

    /// <summary>A copy with change-logging on.</summary>
    public StreamJoined<TKey, TValue, TOther> WithLoggingEnabled(IReadOnlyDictionary<string, string>? config = null) =>
        this with { LoggingEnabled = true, LogConfig = config ?? new Dictionary<string, string>() };

    /// <summary>A copy with change-logging off: the join's stores are not restored after a move or a loss of local state.</summary>
    public StreamJoined<TKey, TValue, TOther> WithLoggingDisabled() => this with { LoggingEnabled = false };
}

/// <summary>Factories of <see cref="StreamJoined{TKey, TValue, TOther}"/>.</summary>
public static class StreamJoined
{
    /// <summary>A join with these serdes.</summary>
    public static StreamJoined<TKey, TValue, TOther> With<TKey, TValue, TOther>(Serde<TKey>? keySerde, Serde<TValue>? valueSerde,
        Serde<TOther>? otherValueSerde) => new() { KeySerde = keySerde, ValueSerde = valueSerde, OtherValueSerde = otherValueSerde };

    /// <summary>A join whose stores are named after <paramref name="storeName"/>.</summary>
    public static StreamJoined<TKey, TValue, TOther> As<TKey, TValue, TOther>(string storeName) => new StreamJoined<TKey, TValue, TOther>().WithStoreName(storeName);
}
