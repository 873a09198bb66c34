using Confluent.Kafka;

namespace Pulse.Host.Sink.Internal;

/// <summary>What <see cref="BatchFlusher"/> asks of the consumer loop while it writes a batch.</summary>
internal interface IFlushHost
{
    /// <summary>Whether this instance still owns <paramref name="partition"/>; records of partitions it lost are not written.</summary>
    bool Owns(TopicPartition partition);

    /// <summary>
    /// Called between attempts while the database is away: pauses consumption and serves the group
    /// (rebalances, liveness) without taking in records.
    /// </summary>
    void ServeWhileWaiting();
}
