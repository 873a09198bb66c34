namespace Pulse.Streams.State;

/// <summary>Makes the byte-level key-value store under a typed store, one per task.</summary>
public interface IKeyValueBytesStoreSupplier
{
    /// <summary>The store's name.</summary>
    string Name { get; }

    /// <summary>True when the stores made keep their data on disk.</summary>
    bool Persistent { get; }

    /// <summary>A new, unopened store.</summary>
    IKeyValueStore<Bytes, byte[]> Get();
}

/// <summary>Makes the byte-level window store under a typed window store, one per task.</summary>
public interface IWindowBytesStoreSupplier
{
    /// <summary>The store's name.</summary>
    string Name { get; }

    /// <summary>True when the stores made keep their data on disk.</summary>
    bool Persistent { get; }

    /// <summary>How long (stream time, ms) a window is kept after its start.</summary>
    long RetentionPeriodMs { get; }

    /// <summary>The size of each window, in ms (used to report window ends).</summary>
    long WindowSizeMs { get; }

    /// <summary>True to keep every put for one key and window (join buffers), not just the last.</summary>
    bool RetainDuplicates { get; }

    /// <summary>A new, unopened store.</summary>
    IWindowStore<Bytes, byte[]> Get();
}

/// <summary>Makes the byte-level session store under a typed session store, one per task.</summary>
public interface ISessionBytesStoreSupplier
{
    /// <summary>The store's name.</summary>
    string Name { get; }

    /// <summary>True when the stores made keep their data on disk.</summary>
    bool Persistent { get; }

    /// <summary>How long (stream time, ms) a session is kept after its end.</summary>
    long RetentionPeriodMs { get; }

    /// <summary>A new, unopened store.</summary>
    ISessionStore<Bytes, byte[]> Get();
}

/// <summary>Builds a store, with its wrapping layers (serdes, cache, changelog), once per task.</summary>
public interface IStoreBuilder
{
    /// <summary>The store's name.</summary>
    string Name { get; }

    /// <summary>True when every write is sent to the store's changelog topic.</summary>
    bool LoggingEnabled { get; }

    /// <summary>True when a write-back cache sits in front of the store.</summary>
    bool CachingEnabled { get; }

    /// <summary>Topic configs for the changelog topic (for example <c>cleanup.policy</c>).</summary>
    IReadOnlyDictionary<string, string> LogConfig { get; }

    /// <summary>A new, unopened store.</summary>
    IStateStore Build();
}

/// <summary>
/// Makes the byte store under a versioned store, one per task: a key-value store in which the versioned layer keeps each
/// key's values and their timestamps. It is also a <see cref="IKeyValueBytesStoreSupplier"/>, so
/// <c>Materialized.As(supplier)</c> takes it, and a table materialized with it is versioned.
/// </summary>
public interface IVersionedBytesStoreSupplier : IKeyValueBytesStoreSupplier
{
    /// <summary>How far back, in stream time (ms), the stores made keep old values.</summary>
    long HistoryRetentionMs { get; }
}
