using Pulse.Streams.Errors;

namespace Pulse.Streams.Internal.State;

/// <summary>
/// The lock shared by a byte store's stream thread and its interactive queries. Invariants: a
/// batch (a cache flush) holds the lock from <see cref="BeginBatch"/> to <see cref="CommitBatch"/>,
/// so readers see a flush whole or not at all; once <see cref="Close"/> ran, queries are refused.
/// </summary>
internal sealed class StoreGuard(string storeName)
{
    private bool _inBatch;
    private bool _closed;

    public Lock Lock { get; } = new();

    /// <summary>Takes the lock until <see cref="CommitBatch"/> and starts the batch below.</summary>
    public void BeginBatch(object inner)
    {
        if (!_inBatch)
        {
            Lock.Enter();
            _inBatch = true;
        }
        (inner as IBatchWritable)?.BeginBatch();
    }

    /// <summary>Applies the batch below and lets readers in again; outside a batch it only passes the call on.</summary>
    public void CommitBatch(object inner)
    {
        if (!_inBatch)
        {
            (inner as IBatchWritable)?.CommitBatch();
            return;
        }
        try
        {
            (inner as IBatchWritable)?.CommitBatch();
        }
        finally
        {
            _inBatch = false;
            Lock.Exit();
        }
    }

    /// <summary>Closes the store below under the lock; queries after this throw.</summary>
    public void Close(Action close)
    {
        lock (Lock)
        {
            _closed = true;
            close();
        }
    }

    /// <summary>For queries, under the lock: refuses a closed or not yet opened store with a retriable exception.</summary>
    public void ThrowIfNotQueryable(bool isOpen)
    {
        if (_closed) throw new InvalidStateStoreException($"State store '{storeName}' was closed (its task moved or the instance is closing); retry the query.");
        if (!isOpen) throw new InvalidStateStoreException($"State store '{storeName}' is not open yet; retry the query.");
    }
}
