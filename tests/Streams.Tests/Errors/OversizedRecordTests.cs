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
    public void Fit_SmallValue_IsUnchangedAndAddsNoHeader()
    {
        var headers = new Headers();

        Assert.Equal("abc"u8.ToArray(), DeadLetterPayload.Fit("abc"u8.ToArray(), headers, 3));
        Assert.Empty(headers);
    }

    private static string Header(ConsumeResult<byte[], byte[]> record, string name) =>
        Encoding.UTF8.GetString(record.Message.Headers.GetLastBytes(name));
}
