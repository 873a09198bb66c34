using System.Text;
using Pulse.Streams.Dsl;
using Pulse.Streams.Serialization;
using Pulse.Streams.Testing;
using Pulse.Streams.Tests.TestSupport;

namespace Pulse.Streams.Tests.Runtime;

public class KafkaStreamsEndToEndTests
{
    private static readonly TimeSpan WindowSize = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private static Topology WindowedCounts()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.String))
            .GroupByKey()
            .WindowedBy(TimeWindows.OfSizeAndGrace(WindowSize, TimeSpan.FromSeconds(1)))
            .Count(Materialized.As<string, long>("counts"))
            .Suppress(Suppressed.UntilWindowCloses())
            .ToStream()
            .To("out", Produced.With(WindowedSerdes.TimeWindowed(Serdes.String, WindowSize), Serdes.Int64));
        return builder.Build();
    }

    private static List<(string Key, string Value, long Timestamp)> Input(int records, int keys) =>
        Enumerable.Range(0, records).Select(i => ($"key-{i % keys}", $"v{i}", 1_700_000_000_000L + i * 100L)).ToList();

    [Fact]
    public async Task WindowedAggregation_OnKafka_EqualsTheTestDriversOutput()
    {
        var input = Input(records: 3_000, keys: 30);
        var expected = ExpectedFromDriver(input, partitions: 3);
        Assert.NotEmpty(expected);

        using var cluster = EmbeddedKafkaCluster.Start(brokers: 3);
        cluster.CreateTopic("in", 3);
        cluster.CreateTopic("out", 3);
        KafkaTestKit.Produce(cluster, "in", input);
        using var state = new KafkaTestKit.TempDir();

        var streams = new KafkaStreams(WindowedCounts(), KafkaTestKit.Config(cluster, "e2e-windowed", state.Path));
        await using (streams)
        {
            streams.Start();
            var records = KafkaTestKit.ReadUntil(cluster, "out", r => r.Count >= expected.Count, Deadline);
            var serde = WindowedSerdes.TimeWindowed(Serdes.String, WindowSize);
            var actual = records.Select(r => (serde.Deserialize(r.Message.Key, default), Serdes.Int64.Deserialize(r.Message.Value, default)))
                .ToDictionary(x => x.Item1, x => x.Item2);
            Assert.Equal(expected.Count, records.Count);
            Assert.Equal(expected, actual);
            Assert.Equal(KafkaStreamsState.Running, streams.State);
        }
        Assert.Equal(KafkaStreamsState.NotRunning, streams.State);
    }

    private static Dictionary<Windowed<string>, long> ExpectedFromDriver(List<(string Key, string Value, long Timestamp)> input, int partitions)
    {
        using var driver = new TopologyTestDriver(WindowedCounts(), new StreamsConfig { ApplicationId = "e2e-windowed" }, null,
            new TopologyTestDriverOptions { Partitions = partitions });
        var topic = driver.CreateInputTopic("in", Serdes.String, Serdes.String);
        foreach (var (key, value, ts) in input) topic.PipeInput(key, value, ts);
        return driver.CreateOutputTopic("out", WindowedSerdes.TimeWindowed(Serdes.String, WindowSize), Serdes.Int64).ReadKeyValuesToMap();
    }
}
