using Confluent.Kafka;

namespace Pulse.Streams.Internal.Runtime;

/// <summary>
/// The librdkafka configs of a stream thread's clients: the user's <see cref="StreamsConfig.Consumer"/>/
/// <see cref="StreamsConfig.Producer"/> passed through as given (security, tuning), then the settings
/// the runtime owns forced, and throughput defaults filled in where the user set nothing.
/// </summary>
internal static class ClientConfigs
{
    public static ConsumerConfig MainConsumer(RuntimeContext runtime, string clientId)
    {
        var c = new ConsumerConfig(Copy(runtime.Config.Consumer, runtime.Config.BootstrapServers))
        {
            GroupId = runtime.Config.ApplicationId,
            ClientId = ApplicationServerClientId.Encode(clientId, runtime.Config.ApplicationServer), // how other instances find this one
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            PartitionAssignmentStrategy = runtime.NeedsAlignedAssignment ? PartitionAssignmentStrategy.Range : PartitionAssignmentStrategy.CooperativeSticky,
            IsolationLevel = runtime.ExactlyOnce ? IsolationLevel.ReadCommitted : runtime.Config.Consumer.IsolationLevel ?? IsolationLevel.ReadUncommitted,
            EnablePartitionEof = true, // a task reading several partitions waits for each one's end (InputReadiness)
        };
        c.AutoOffsetReset ??= AutoOffsetReset.Earliest;
        Throughput(c);
        return c;
    }

    public static ConsumerConfig RestoreConsumer(RuntimeContext runtime, string clientId)
    {
        var c = new ConsumerConfig(Copy(runtime.Config.Consumer, runtime.Config.BootstrapServers))
        {
            GroupId = runtime.Config.ApplicationId + "-restore",
            ClientId = clientId,
            EnableAutoCommit = false,
            EnablePartitionEof = true,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            IsolationLevel = runtime.ExactlyOnce ? IsolationLevel.ReadCommitted : IsolationLevel.ReadUncommitted,
        };
        Throughput(c);
        return c;
    }

    /// <summary>The membership thread's consumer: assigned the members topic and standby changelogs, in no group (the id is never joined).</summary>
    public static ConsumerConfig MembershipConsumer(RuntimeContext runtime, string clientId)
    {
        var c = new ConsumerConfig(Copy(runtime.Config.Consumer, runtime.Config.BootstrapServers))
        {
            GroupId = TopicNames.Members(runtime.Config.ApplicationId),
            ClientId = clientId,
            EnableAutoCommit = false,
            EnablePartitionEof = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            IsolationLevel = runtime.ExactlyOnce ? IsolationLevel.ReadCommitted : IsolationLevel.ReadUncommitted,
        };
        Throughput(c);
        return c;
    }

    /// <summary>The membership thread's producer of heartbeats: small records, sent at once.</summary>
    public static ProducerConfig MembershipProducer(RuntimeContext runtime, string clientId)
    {
        var p = new ProducerConfig(Copy(runtime.Config.Producer, runtime.Config.BootstrapServers))
        {
            ClientId = clientId,
            EnableIdempotence = true,
        };
        p.LingerMs = 0;
        return p;
    }

    public static ProducerConfig Producer(RuntimeContext runtime, string clientId, int threadIndex)
    {
        var p = new ProducerConfig(Copy(runtime.Config.Producer, runtime.Config.BootstrapServers))
        {
            ClientId = clientId,
            EnableIdempotence = true,
            Partitioner = Partitioner.Murmur2Random, // as Java's producer, so keyed records land alike from either
        };
        if (runtime.ExactlyOnce)
        {
            p.TransactionalId = $"{runtime.Config.ApplicationId}-{runtime.ProcessId}-{threadIndex}";
            // As Kafka Streams: a crashed instance's open transaction holds back read_committed
            // readers of its partitions until the broker aborts it; 10 s instead of librdkafka's 60 s.
            p.TransactionTimeoutMs ??= 10_000;
        }
        p.LingerMs ??= 5;
        p.BatchNumMessages ??= 10_000;
        p.QueueBufferingMaxMessages ??= 500_000;
        // Delivery reports are read for their partition, offset and error only: don't marshal
        // each record's key, value, headers and timestamp back into .NET.
        p.DeliveryReportFields ??= "none";
        return p;
    }

    private static Dictionary<string, string> Copy(ClientConfig source, string? bootstrapServers)
    {
        var copy = source.ToDictionary(kv => kv.Key, kv => kv.Value);
        if (!copy.ContainsKey("bootstrap.servers") && bootstrapServers is not null) copy["bootstrap.servers"] = bootstrapServers;
        return copy;
    }

    private static void Throughput(ConsumerConfig c)
    {
        c.FetchWaitMaxMs ??= 10;
        c.MaxPartitionFetchBytes ??= 4 * 1024 * 1024;
        c.QueuedMaxMessagesKbytes ??= 64 * 1024;
        // Once a partition's prefetch queue holds queued.min.messages (100,000), librdkafka stops
        // fetching it for fetch.queue.backoff.ms: 1 s by default, during which a fast thread drains
        // the queue and then waits. 10 ms keeps the queue bounded without starving the thread
        // (a bare consumer on the embedded cluster: ~130k records/s with the default, ~730k with 10 ms).
        c.FetchQueueBackoffMs ??= 10;
    }
}
