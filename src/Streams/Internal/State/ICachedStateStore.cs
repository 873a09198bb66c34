namespace Pulse.Streams.Internal.State;

/// <summary>A store with a record cache in front (or wrapping one): a commit flushes the cache, which forwards and writes down what it held.</summary>
internal interface ICachedStateStore
{
    /// <summary>Writes every dirty cache entry to the store below (and the changelog), forwarding them downstream.</summary>
    void FlushCache();
}
