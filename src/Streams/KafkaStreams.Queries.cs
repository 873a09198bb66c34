using Pulse.Streams.Errors;
using Pulse.Streams.Internal.Runtime;
using Pulse.Streams.Serialization;

namespace Pulse.Streams;

/// <summary>
/// Interactive queries: read this instance's state stores from any thread, and find which instance
/// holds a key. Consistency: a query reads what the stream threads have flushed out of their caches
/// (every commit flushes; a full cache also evicts early), never a write still held only in a cache:
/// "as of the last commit", at least. Each store of each task is read as of one instant; a range over
/// several tasks is not one snapshot across them. Reads never block processing for longer than one
/// store read (or the copy of one task's range).
/// </summary>
public sealed partial class KafkaStreams
{
    private StreamsMetadataProvider? _metadata;

    /// <summary>
    /// A read-only view of the store <paramref name="storeName"/> across this instance's tasks (each
    /// holds the keys of its partitions), or of a global store. Ask for an
    /// <see cref="State.IReadOnlyKeyValueStore{TKey, TValue}"/>, an <see cref="State.IReadOnlyWindowStore{TKey, TValue}"/> or an
    /// <see cref="State.IReadOnlySessionStore{TKey, TAggregate}"/> with the store's key and value types; a table's store (an aggregation,
    /// a materialized table or join) also as an <c>IReadOnlyKeyValueStore&lt;TKey, ValueAndTimestamp&lt;TValue&gt;&gt;</c>, its rows with their
    /// timestamps. The view follows rebalances: each read looks up the current tasks.
    /// </summary>
    /// <exception cref="UnknownStateStoreException">The topology has no store of that name.</exception>
    /// <exception cref="ArgumentException"><typeparamref name="TStore"/> does not match the store's kind or types.</exception>
    /// <exception cref="InvalidStateStoreException">The instance is not started (reads throw it too while a store is moving: retry).</exception>
    public TStore Store<TStore>(string storeName) where TStore : class
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(storeName);
        return Queries().Stores.Get<TStore>(storeName);
    }

    /// <summary>
    /// Which instance holds <paramref name="key"/> of <paramref name="storeName"/>, and the key's partition.
    /// Answered locally when this instance holds it; otherwise from the heartbeats the other instances
    /// publish on the <c>&lt;application.id&gt;-members</c> topic with their <see cref="StreamsConfig.ApplicationServer"/>
    /// and active tasks (set it on every instance). No broker call: as fresh as the last heartbeats.
    /// </summary>
    /// <exception cref="UnknownStateStoreException">The topology has no store of that name.</exception>
    /// <exception cref="InvalidStateStoreException">No instance holds the key's partition right now (a rebalance): retry.</exception>
    /// <exception cref="StreamsConfigException"><see cref="StreamsConfig.ApplicationServer"/> is not set.</exception>
    public Task<KeyQueryMetadata> QueryMetadataForKeyAsync<TKey>(string storeName, TKey key, Serde<TKey> keySerde, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(storeName);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Queries().Metadata.ForKey(storeName, key, keySerde));
    }

    /// <summary>
    /// Every live instance of the application (this one first) with the stores and input partitions it holds,
    /// from the instances' heartbeats on the <c>&lt;application.id&gt;-members</c> topic (no broker call).
    /// </summary>
    /// <exception cref="StreamsConfigException"><see cref="StreamsConfig.ApplicationServer"/> is not set.</exception>
    public Task<IReadOnlyList<StreamsMetadata>> AllMetadataAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Queries().Metadata.All());
    }

    /// <summary>This instance's address, stores and input partitions, from its own tasks (no broker call).</summary>
    public StreamsMetadata LocalMetadata() => Queries().Metadata.Local();

    private (LocalStores Stores, StreamsMetadataProvider Metadata) Queries()
    {
        lock (_gate)
        {
            if (_runtime is null || State is KafkaStreamsState.NotRunning or KafkaStreamsState.Error)
                throw new InvalidStateStoreException($"KafkaStreams is {State}: stores can be queried once it is started and until it closes.");
            _metadata ??= new StreamsMetadataProvider(_runtime, () => Threads);
            return (new LocalStores(_runtime, () => Threads, () => State), _metadata);
        }
    }

    /// <summary>Forgets the metadata provider (on close).</summary>
    private void DisposeQueries() => _metadata = null;
}
