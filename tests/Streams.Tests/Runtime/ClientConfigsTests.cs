using Confluent.Kafka;
using Pulse.Streams.Dsl;
using Pulse.Streams.Internal.Runtime;
using Pulse.Streams.Serialization;
using Xunit;

namespace Pulse.Streams.Tests.Runtime;

/// <summary>The librdkafka settings a stream thread's clients get: the runtime's own, its throughput defaults, and the user's values winning over the defaults.</summary>
public class ClientConfigsTests
{
    [Fact]
    public void StreamConsumer_RefetchesAFullPrefetchQueueAfter10Ms_UnlessTheUserSaysOtherwise()
    {
        using var defaults = Runtime(new StreamsConfig());
        Assert.Equal(10, ClientConfigs.MainConsumer(defaults, "c").FetchQueueBackoffMs);
        Assert.Equal(10, ClientConfigs.RestoreConsumer(defaults, "c").FetchQueueBackoffMs);
        Assert.Equal(10, ClientConfigs.MembershipConsumer(defaults, "c").FetchQueueBackoffMs);

        using var own = Runtime(new StreamsConfig { Consumer = new ConsumerConfig { FetchQueueBackoffMs = 250, FetchWaitMaxMs = 100 } });
        var consumer = ClientConfigs.MainConsumer(own, "c");
        Assert.Equal(250, consumer.FetchQueueBackoffMs);
        Assert.Equal(100, consumer.FetchWaitMaxMs);
    }

    [Fact]
    public void ExactlyOnceProducer_IsTransactionalPerThread_WithKafkaStreamsTransactionTimeout()
    {
        using var runtime = Runtime(new StreamsConfig { ProcessingGuarantee = ProcessingGuarantee.ExactlyOnceV2 });

        var producer = ClientConfigs.Producer(runtime, "p", threadIndex: 2);

        Assert.Equal("app-pid-2", producer.TransactionalId);
        Assert.Equal(10_000, producer.TransactionTimeoutMs);
        Assert.True(producer.EnableIdempotence);
    }

    [Fact]
    public void AtLeastOnceProducer_IsNotTransactional_AndTheUsersTimeoutWinsUnderExactlyOnce()
    {
        using (var atLeastOnce = Runtime(new StreamsConfig()))
            Assert.Null(ClientConfigs.Producer(atLeastOnce, "p", 1).TransactionalId);

        using var own = Runtime(new StreamsConfig { ProcessingGuarantee = ProcessingGuarantee.ExactlyOnceV2, Producer = new ProducerConfig { TransactionTimeoutMs = 30_000 } });
        Assert.Equal(30_000, ClientConfigs.Producer(own, "p", 1).TransactionTimeoutMs);
    }

    private static RuntimeContext Runtime(StreamsConfig config)
    {
        config.ApplicationId = "app";
        config.BootstrapServers = "localhost:1";
        config.TopicCreator = new Topics();
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.String)).To("out", Produced.With(Serdes.String, Serdes.String));
        return RuntimeFactory.Create(builder.Build(), config, "pid", TimeSpan.FromSeconds(1));
    }

    /// <summary>Topics as a broker would report them, with nothing to connect to: "in" has 3 partitions.</summary>
    private sealed class Topics : ITopicCreator
    {
        private readonly Dictionary<string, int> _topics = new() { ["in"] = 3, ["out"] = 3 };

        public int? PartitionCount(string topic) => _topics.TryGetValue(topic, out var n) ? n : null;

        public void CreateTopic(string topic, int partitions, IReadOnlyDictionary<string, string> configs) => _topics.TryAdd(topic, partitions);
    }
}
