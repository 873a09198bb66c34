using Confluent.Kafka;

namespace Pulse.Host.Sink.Internal;

/// <summary>What <see cref="BatchFlusher"/> asks of the consumer loop while it writes a batch.</summary>
internal interface IFlushHost
{
    /// <summary>
    /// Whether this flush still writes <paramref name="partition"/>'s records: false once the instance
    /// lost the partition, or rewound it (<see cref="CheckStoredOffsets"/>); those records are read again.
    /// </summary>
    bool Owns(TopicPartition partition);

    /// <summary>
    /// Called between attempts while the database is away: pauses consumption and serves the group
    /// (rebalances, liveness) without taking in records.
    /// </summary>
    void ServeWhileWaiting();

    /// <summary>
    /// Called before an attempt that follows a failure: checks that the database still holds the
    /// offsets it acknowledged. Where it holds less (a failover to a replica that lagged, commits lost
    /// with asynchronous commit), the partition is rewound to what the database holds and read again.
    /// Throws what reading the offsets throws (a transient failure fails the attempt).
    /// </summary>
    void CheckStoredOffsets();
}
