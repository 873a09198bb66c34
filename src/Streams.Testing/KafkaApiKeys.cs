namespace Pulse.Streams.Testing;

/// <summary>
/// Kafka protocol request types (ApiKeys) for <see cref="EmbeddedKafkaCluster.PushRequestErrors"/>.
/// The numbers are the protocol's; only the ones tests commonly fail are named.
/// </summary>
public static class KafkaApiKeys
{
    /// <summary>Produce (0): a producer's write.</summary>
    public const short Produce = 0;

    /// <summary>Fetch (1): a consumer's read.</summary>
    public const short Fetch = 1;

    /// <summary>ListOffsets (2).</summary>
    public const short ListOffsets = 2;

    /// <summary>Metadata (3).</summary>
    public const short Metadata = 3;

    /// <summary>OffsetCommit (8): a consumer group's offset commit.</summary>
    public const short OffsetCommit = 8;

    /// <summary>OffsetFetch (9): reading a group's committed offsets.</summary>
    public const short OffsetFetch = 9;

    /// <summary>FindCoordinator (10).</summary>
    public const short FindCoordinator = 10;

    /// <summary>JoinGroup (11).</summary>
    public const short JoinGroup = 11;

    /// <summary>Heartbeat (12).</summary>
    public const short Heartbeat = 12;

    /// <summary>SyncGroup (14).</summary>
    public const short SyncGroup = 14;

    /// <summary>InitProducerId (22): idempotent and transactional producers' start-up.</summary>
    public const short InitProducerId = 22;

    /// <summary>AddPartitionsToTxn (24).</summary>
    public const short AddPartitionsToTxn = 24;

    /// <summary>AddOffsetsToTxn (25).</summary>
    public const short AddOffsetsToTxn = 25;

    /// <summary>EndTxn (26): a transaction's commit or abort.</summary>
    public const short EndTxn = 26;

    /// <summary>TxnOffsetCommit (28): <c>SendOffsetsToTransaction</c>.</summary>
    public const short TxnOffsetCommit = 28;
}
