namespace Pulse.Streams.Internal.State;

/// <summary>
/// A store that can gather writes and apply them at once (RocksDB: one WriteBatch), used when a
/// cache flush writes many entries down. Layers pass the calls through to the store below.
/// </summary>
internal interface IBatchWritable
{
    /// <summary>From now on, writes are gathered.</summary>
    void BeginBatch();

    /// <summary>Applies the gathered writes and stops gathering.</summary>
    void CommitBatch();
}
