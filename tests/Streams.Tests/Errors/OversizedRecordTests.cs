using System.Security.Cryptography;
using System.Text;
using Confluent.Kafka;
using Pulse.Streams.Dsl;
using Pulse.Streams.Errors;
using Pulse.Streams.Serialization;
using Pulse.Streams.Testing;
using Pulse.Streams.Tests.TestSupport;

namespace Pulse.Streams.Tests.Errors;

/// <summary>
/// One record the producer refuses (a value over <c>message.max.bytes</c>, which the source topic accepted) must not stop
/// the application: the production handler decides, as in Kafka; continuing, the record goes to the dead-letter topic cut
/// to size, with its original size and SHA-256, and the next record is processed.
/// </summary>
public class OversizedRecordTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task OversizedRecord_WithContinueHandlers_IsDeadLetteredTruncated_AndTheNextRecordFlows()
    {
        using var cluster = EmbeddedKafkaCluster.Start(brokers: 1);
        foreach (var topic in new[] { "in", "out", "dlq" }) cluster.CreateTopic(topic, 1);
        var huge = new byte[1_100_000];
        Random.Shared.NextBytes(huge);
        using (var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers, MessageMaxBytes = 2_000_000 }).Build())
        {
            await producer.ProduceAsync("in", new Message<byte[], byte[]> { Key = "big"u8.ToArray(), Value = huge });
            await producer.ProduceAsync("in", new Message<byte[], byte[]> { Key = "small"u8.ToArray(), Value = "fine"u8.ToArray() });
        }
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.ByteArray, Serdes.ByteArray)).To("out", Produced.With(Serdes.ByteArray, Serdes.ByteArray));
        using var state = new KafkaTestKit.TempDir();
        var config = KafkaTestKit.Config(cluster, "oversized", state.Path);
        config.ProductionExceptionHandler = new LogAndContinueExceptionHandler();
        config.DeadLetterQueueTopic = "dlq";
        config.DeadLetterQueueMaxPayloadBytes = 100_000;

        await using var streams = new KafkaStreams(builder.Build(), config);
        streams.Start();
        var outputs = KafkaTestKit.ReadUntil(cluster, "out", r => r.Count >= 1, Deadline);
        var dead = Assert.Single(KafkaTestKit.ReadUntil(cluster, "dlq", r => r.Count >= 1, Deadline));

        Assert.Equal("fine", Encoding.UTF8.GetString(Assert.Single(outputs).Message.Value));
        Assert.Equal(KafkaStreamsState.Running, streams.State);
        Assert.Equal(huge[..100_000], dead.Message.Value);
        Assert.Equal("true", Header(dead, DeadLetterHeaders.PayloadTruncated));
        Assert.Equal("1100000", Header(dead, DeadLetterHeaders.PayloadSize));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(huge)), Header(dead, DeadLetterHeaders.PayloadSha256));
        Assert.Equal("in", Header(dead, DeadLetterHeaders.Topic));
    }

    [Fact]
    public async Task DeadLetterTheProducerRefuses_IsSentAgainWithoutItsValue_AndTheNextRecordFlows()
    {
        const string app = "dead-letter-refused";
        using var capture = new MetricsCapture(app);
        using var cluster = EmbeddedKafkaCluster.Start(brokers: 1);
        foreach (var topic in new[] { "in", "out", "dlq" }) cluster.CreateTopic(topic, 1);
        var huge = new byte[1_100_000];
        Random.Shared.NextBytes(huge);
        await ProduceAsync(cluster, ("big"u8.ToArray(), huge), ("small"u8.ToArray(), "fine"u8.ToArray()));
        using var state = new KafkaTestKit.TempDir();
        var config = KafkaTestKit.Config(cluster, app, state.Path);
        config.ProductionExceptionHandler = new LogAndContinueExceptionHandler();
        config.DeadLetterQueueTopic = "dlq";
        config.DeadLetterQueueMaxPayloadBytes = 2_000_000; // no cut: the producer (message.max.bytes 1,000,000) refuses the dead letter

        await using var streams = new KafkaStreams(PassThrough(), config);
        streams.Start();
        var outputs = KafkaTestKit.ReadUntil(cluster, "out", r => r.Count >= 1, Deadline);
        var dead = Assert.Single(KafkaTestKit.ReadUntil(cluster, "dlq", r => r.Count >= 1, Deadline));

        Assert.Equal("fine", Encoding.UTF8.GetString(Assert.Single(outputs).Message.Value));
        Assert.Equal(KafkaStreamsState.Running, streams.State);
        Assert.Null(dead.Message.Value);
        Assert.Equal("big", Encoding.UTF8.GetString(dead.Message.Key));
        Assert.Equal("true", Header(dead, DeadLetterHeaders.PayloadTruncated));
        Assert.Equal("1100000", Header(dead, DeadLetterHeaders.PayloadSize));
        Wait.Until(() => capture.Observe().Sum(StreamsMetrics.DeadLetteredRecords) == 1, Deadline, "one dead letter counted");
        Assert.Equal(0, capture.Observe().Sum(StreamsMetrics.DeadLetterFailures));
    }

    [Fact]
    public async Task DeadLetterRefusedEvenWithoutItsValue_IsLoggedAndCounted_AndTheTaskGoesOn()
    {
        const string app = "dead-letter-lost";
        using var capture = new MetricsCapture(app);
        using var cluster = EmbeddedKafkaCluster.Start(brokers: 1);
        foreach (var topic in new[] { "in", "out", "dlq" }) cluster.CreateTopic(topic, 1);
        var hugeKey = new byte[1_100_000]; // a dead letter keeps the original key, so even without its value it is too large
        Random.Shared.NextBytes(hugeKey);
        await ProduceAsync(cluster, (hugeKey, "x"u8.ToArray()), ("small"u8.ToArray(), "fine"u8.ToArray()));
        using var state = new KafkaTestKit.TempDir();
        var logs = new CapturingLoggerFactory();
        var config = KafkaTestKit.Config(cluster, app, state.Path);
        config.LoggerFactory = logs;
        config.ProductionExceptionHandler = new LogAndContinueExceptionHandler();
        config.DeadLetterQueueTopic = "dlq";

        await using var streams = new KafkaStreams(PassThrough(), config);
        streams.Start();
        var outputs = KafkaTestKit.ReadUntil(cluster, "out", r => r.Count >= 1, Deadline);
        Wait.Until(() => capture.Observe().Sum(StreamsMetrics.DeadLetterFailures) == 1, Deadline, "one dead-letter failure counted");

        Assert.Equal("fine", Encoding.UTF8.GetString(Assert.Single(outputs).Message.Value));
        Assert.Equal(KafkaStreamsState.Running, streams.State);
        Assert.True(logs.Contains("Could not write the dead letter of in[0]@0 to dlq"), string.Join('\n', logs.Messages));
        Assert.Equal(0, capture.Observe().Sum(StreamsMetrics.DeadLetteredRecords));
    }

    [Fact]
    public void Fit_SmallValue_IsUnchangedAndAddsNoHeader()
    {
        var headers = new Headers();

        Assert.Equal("abc"u8.ToArray(), DeadLetterPayload.Fit("abc"u8.ToArray(), headers, 3));
        Assert.Empty(headers);
    }

    private static Topology PassThrough()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.ByteArray, Serdes.ByteArray)).To("out", Produced.With(Serdes.ByteArray, Serdes.ByteArray));
        return builder.Build();
    }

    private static async Task ProduceAsync(EmbeddedKafkaCluster cluster, params (byte[] Key, byte[] Value)[] records)
    {
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers, MessageMaxBytes = 2_000_000 }).Build();
        foreach (var (key, value) in records) await producer.ProduceAsync("in", new Message<byte[], byte[]> { Key = key, Value = value });
    }

    private static string Header(ConsumeResult<byte[], byte[]> record, string name) =>
        Encoding.UTF8.GetString(record.Message.Headers.GetLastBytes(name));
}
