namespace Pulse.Streams.State;

/// <summary>
/// A store of state that a task owns. Its life: <see cref="Init"/> when the task starts (open,
/// register for restore), reads and writes while it runs, <see cref="Flush"/> at every commit,
/// <see cref="Close"/> when the task closes.
/// </summary>
public interface IStateStore
{
    /// <summary>The store's name, unique in a topology.</summary>
    string Name { get; }

    /// <summary>True when the store keeps its data on disk.</summary>
    bool Persistent { get; }

    /// <summary>True between <see cref="Init"/> and <see cref="Close"/>.</summary>
    bool IsOpen { get; }

    /// <summary>Opens the store and registers it with the task (for changelog restore).</summary>
    /// <param name="context">The task's store context.</param>
    /// <param name="root">The outermost store of the wrapping chain, which is what gets registered.</param>
    void Init(IStateStoreContext context, IStateStore root);

    /// <summary>Makes every write so far durable (caches written down, files flushed).</summary>
    void Flush();

    /// <summary>Closes the store; it is not used again.</summary>
    void Close();
}

/// <summary>What a store learns from its task when it opens.</summary>
public interface IStateStoreContext
{
    /// <summary>The application id.</summary>
    string ApplicationId { get; }

    /// <summary>The task that owns the store.</summary>
    TaskId TaskId { get; }

    /// <summary>The task's own state directory (created on demand), for persistent stores.</summary>
    string StateDir { get; }

    /// <summary>The application's configuration.</summary>
    StreamsConfig Config { get; }

    /// <summary>
    /// Registers <paramref name="store"/> so the task can restore it from its changelog:
    /// <paramref name="restoreBatch"/> receives batches of changelog records (a null value deletes).
    /// </summary>
    void Register(IStateStore store, Action<IReadOnlyList<KeyValuePair<byte[], byte[]?>>> restoreBatch);
}
