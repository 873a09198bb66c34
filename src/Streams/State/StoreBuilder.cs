using Pulse.Streams.Internal.State;
using Pulse.Streams.Serialization;

namespace Pulse.Streams.State;

/// <summary>Shared options of store builders: caching and change-logging, both on by default.</summary>
public abstract class StoreBuilder<TSelf> : IStoreBuilder, ILoggingSwitch where TSelf : StoreBuilder<TSelf>
{
    void ILoggingSwitch.DisableLogging() => LoggingEnabled = false;

    private Dictionary<string, string> _logConfig = [];

    /// <summary>Creates a builder for the store <paramref name="name"/>.</summary>
    protected StoreBuilder(string name) => Name = name;

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public bool LoggingEnabled { get; private set; } = true;

    /// <inheritdoc />
    public bool CachingEnabled { get; private set; }

    /// <inheritdoc />
    public virtual IReadOnlyDictionary<string, string> LogConfig => _logConfig;

    /// <summary>Puts a bounded write-back cache in front of the store (flushed on commit).</summary>
    public TSelf WithCachingEnabled() { CachingEnabled = true; return (TSelf)this; }

    /// <summary>Writes go straight to the store.</summary>
    public TSelf WithCachingDisabled() { CachingEnabled = false; return (TSelf)this; }

    /// <summary>Logs every write to the changelog topic, created with <paramref name="config"/>.</summary>
    public TSelf WithLoggingEnabled(IReadOnlyDictionary<string, string>? config = null)
    {
        LoggingEnabled = true;
        _logConfig = config is null ? [] : new Dictionary<string, string>(config);
        return (TSelf)this;
    }

    /// <summary>No changelog: the store is not restored after a move or a loss of local state.</summary>
    public TSelf WithLoggingDisabled() { LoggingEnabled = false; return (TSelf)this; }

    /// <inheritdoc />
    public abstract IStateStore Build();
}

/// <summary>Turns a built store's change-logging off after the fact (a table that restores from its source topic instead).</summary>
internal interface ILoggingSwitch
{
    void DisableLogging();
}

/// <summary>Builds a typed key-value store: serdes over an optional cache over an optional changelog over the byte store.</summary>
public sealed class KeyValueStoreBuilder<TKey, TValue> : StoreBuilder<KeyValueStoreBuilder<TKey, TValue>>
{
    private readonly IKeyValueBytesStoreSupplier _supplier;
    private readonly Serde<TKey>? _keySerde;
    private readonly Serde<TValue>? _valueSerde;

    internal KeyValueStoreBuilder(IKeyValueBytesStoreSupplier supplier, Serde<TKey>? keySerde, Serde<TValue>? valueSerde)
        : base(supplier.Name)
    {
        _supplier = supplier;
        _keySerde = keySerde;
        _valueSerde = valueSerde;
    }

    /// <summary>Whether each value is kept with its row's timestamp (the DSL's tables).</summary>
    internal bool Timestamped { get; private set; }

    /// <summary>Keeps a timestamp beside each value, as Kafka's timestamped key-value stores.</summary>
    internal KeyValueStoreBuilder<TKey, TValue> WithTimestamps()
    {
        Timestamped = true;
        return this;
    }

    /// <summary>Builds the typed store.</summary>
    public override IStateStore Build() => BuildStore();

    /// <summary>Builds the typed store.</summary>
    public IKeyValueStore<TKey, TValue> BuildStore()
    {
        IKeyValueStore<Bytes, byte[]> inner = new SynchronizedKeyValueStore(_supplier.Get()); // where queries meet the writer
        if (LoggingEnabled) inner = new ChangeLoggingKeyValueStore(inner);
        if (CachingEnabled) inner = new CachingKeyValueStore(inner);
        return new MeteredKeyValueStore<TKey, TValue>(inner, _supplier.Persistent, _keySerde, _valueSerde, Timestamped);
    }
}

/// <summary>Builds a typed window store: serdes over an optional cache over an optional changelog over the byte store.</summary>
public sealed class WindowStoreBuilder<TKey, TValue> : StoreBuilder<WindowStoreBuilder<TKey, TValue>>
{
    private readonly IWindowBytesStoreSupplier _supplier;
    private readonly Serde<TKey>? _keySerde;
    private readonly Serde<TValue>? _valueSerde;

    internal WindowStoreBuilder(IWindowBytesStoreSupplier supplier, Serde<TKey>? keySerde, Serde<TValue>? valueSerde)
        : base(supplier.Name)
    {
        _supplier = supplier;
        _keySerde = keySerde;
        _valueSerde = valueSerde;
    }

    /// <summary>The byte store's supplier (retention and window size).</summary>
    public IWindowBytesStoreSupplier Supplier => _supplier;

    /// <summary>Whether each value is kept with the largest timestamp of the records that made it (the DSL's windowed aggregations).</summary>
    internal bool Timestamped { get; private set; }

    /// <summary>Keeps a timestamp beside each value, as Kafka's timestamped window stores.</summary>
    internal WindowStoreBuilder<TKey, TValue> WithTimestamps()
    {
        Timestamped = true;
        return this;
    }

    /// <summary>Builds the typed store.</summary>
    public override IStateStore Build() => BuildStore();

    /// <summary>Builds the typed store.</summary>
    public IWindowStore<TKey, TValue> BuildStore()
    {
        IWindowStore<Bytes, byte[]> inner = new SynchronizedWindowStore(_supplier.Get()); // where queries meet the writer
        if (LoggingEnabled) inner = new ChangeLoggingWindowStore(inner, _supplier.RetainDuplicates);
        if (CachingEnabled && !_supplier.RetainDuplicates) inner = new CachingWindowStore(inner, _supplier.WindowSizeMs);
        return new MeteredWindowStore<TKey, TValue>(inner, _supplier.Persistent, _supplier.WindowSizeMs, _keySerde, _valueSerde, Timestamped);
    }
}

/// <summary>Builds a typed session store: serdes over an optional cache over an optional changelog over the byte store.</summary>
public sealed class SessionStoreBuilder<TKey, TAggregate> : StoreBuilder<SessionStoreBuilder<TKey, TAggregate>>
{
    private readonly ISessionBytesStoreSupplier _supplier;
    private readonly Serde<TKey>? _keySerde;
    private readonly Serde<TAggregate>? _valueSerde;

    internal SessionStoreBuilder(ISessionBytesStoreSupplier supplier, Serde<TKey>? keySerde, Serde<TAggregate>? valueSerde)
        : base(supplier.Name)
    {
        _supplier = supplier;
        _keySerde = keySerde;
        _valueSerde = valueSerde;
    }

    /// <summary>The byte store's supplier (retention).</summary>
    public ISessionBytesStoreSupplier Supplier => _supplier;

    /// <summary>Builds the typed store.</summary>
    public override IStateStore Build() => BuildStore();

    /// <summary>Builds the typed store.</summary>
    public ISessionStore<TKey, TAggregate> BuildStore()
    {
        ISessionStore<Bytes, byte[]> inner = new SynchronizedSessionStore(_supplier.Get()); // where queries meet the writer
        if (LoggingEnabled) inner = new ChangeLoggingSessionStore(inner);
        if (CachingEnabled) inner = new CachingSessionStore(inner);
        return new MeteredSessionStore<TKey, TAggregate>(inner, _supplier.Persistent, _keySerde, _valueSerde);
    }
}
