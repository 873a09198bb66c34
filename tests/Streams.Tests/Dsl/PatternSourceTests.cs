using System.Text.RegularExpressions;
using Pulse.Streams.Dsl;
using Pulse.Streams.Errors;
using Pulse.Streams.Serialization;
using Pulse.Streams.Testing;
using Pulse.Streams.Tests.TestSupport;

namespace Pulse.Streams.Tests.Dsl;

/// <summary>Sources subscribed by pattern, as Kafka's StreamsBuilder.stream(Pattern): the driver, Describe, and the runtime.</summary>
public class PatternSourceTests
{
    private static readonly Consumed<string, string> Strings = Consumed.With(Serdes.String, Serdes.String);

    [Fact]
    public void Driver_ReadsEveryTopicWhoseWholeNameMatches()
    {
        var builder = new StreamsBuilder();
        builder.Stream(new Regex("orders-[a-z]+"), Strings).MapValues(v => v.ToUpperInvariant()).To("out", Produced.With(Serdes.String, Serdes.String));
        using var driver = new TopologyTestDriver(builder.Build());
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.String);

        driver.CreateInputTopic("orders-eu", Serdes.String, Serdes.String).PipeInput("a", "x", Timestamps.T0);
        driver.CreateInputTopic("orders-us", Serdes.String, Serdes.String).PipeInput("b", "y", Timestamps.T0);

        Assert.Equal([new("a", "X"), new KeyValue<string, string>("b", "Y")], output.ReadKeyValuesToList());
        var unmatched = driver.CreateInputTopic("orders-eu-2", Serdes.String, Serdes.String); // a partial match is no match
        Assert.Throws<ArgumentException>(() => unmatched.PipeInput("c", "z", Timestamps.T0));
    }

    [Fact]
    public void ATopicReadByName_IsNotAlsoReadByAPattern()
    {
        var builder = new StreamsBuilder();
        builder.Stream("orders-eu", Strings).To("named", Produced.With(Serdes.String, Serdes.String));
        builder.Stream(new Regex("orders-.*"), Strings).To("pattern", Produced.With(Serdes.String, Serdes.String));
        using var driver = new TopologyTestDriver(builder.Build());

        driver.CreateInputTopic("orders-eu", Serdes.String, Serdes.String).PipeInput("a", "x", Timestamps.T0);
        driver.CreateInputTopic("orders-us", Serdes.String, Serdes.String).PipeInput("b", "y", Timestamps.T0);

        Assert.Equal("a", driver.CreateOutputTopic("named", Serdes.String, Serdes.String).ReadKeyValuesToList().Single().Key);
        Assert.Equal("b", driver.CreateOutputTopic("pattern", Serdes.String, Serdes.String).ReadKeyValuesToList().Single().Key);
    }

    [Fact]
    public void Describe_PrintsThePatternBare_AsKafka()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>(new Regex("topic-\\d")).To("out");

        Assert.Equal(
            "Topologies:\n" +
            "   Sub-topology: 0\n" +
            "    Source: KSTREAM-SOURCE-0000000000 (topics: topic-\\d)\n" +
            "      --> KSTREAM-SINK-0000000001\n" +
            "    Sink: KSTREAM-SINK-0000000001 (topic: out)\n" +
            "      <-- KSTREAM-SOURCE-0000000000\n\n",
            builder.Build().Describe().ToString());
    }

    [Fact]
    public async Task Runtime_ReadsTheMatchingTopicsThatExist_AndNotItsOwnInternalTopics()
    {
        using var cluster = EmbeddedKafkaCluster.Start(brokers: 1);
        foreach (var topic in new[] { "events-a", "events-b", "other", "out" }) cluster.CreateTopic(topic, 2);
        KafkaTestKit.Produce(cluster, "events-a", [("k1", "a1", 1L), ("k2", "a2", 2L)]);
        KafkaTestKit.Produce(cluster, "events-b", [("k3", "b1", 3L)]);
        KafkaTestKit.Produce(cluster, "other", [("k4", "o1", 4L)]);
        var builder = new StreamsBuilder();
        builder.Stream(new Regex("events-.*|pattern-app-.*"), Strings).To("out", Produced.With(Serdes.String, Serdes.String));
        builder.Stream("other", Strings).GroupByKey().Count(); // gives the application internal topics named pattern-app-…
        using var state = new KafkaTestKit.TempDir();

        var streams = new KafkaStreams(builder.Build(), KafkaTestKit.Config(cluster, "pattern-app", state.Path));
        await using (streams)
        {
            streams.Start();
            var read = KafkaTestKit.ReadUntil(cluster, "out", r => r.Count >= 3, TimeSpan.FromSeconds(60));
            Assert.Equal(["a1", "a2", "b1"], RuntimeApps.Values(read).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task Runtime_ATopicCreatedLater_IsReadOnceTheInstanceLooksAgain()
    {
        using var cluster = EmbeddedKafkaCluster.Start(brokers: 1);
        foreach (var topic in new[] { "feed-a", "out" }) cluster.CreateTopic(topic, 2);
        KafkaTestKit.Produce(cluster, "feed-a", [("k1", "a1", 1L)]);
        var builder = new StreamsBuilder();
        builder.Stream(new Regex("feed-.*"), Strings).To("out", Produced.With(Serdes.String, Serdes.String));
        using var state = new KafkaTestKit.TempDir();
        var config = RuntimeApps.Config(cluster, "pattern-later-app", state.Path); // a short session: the rebalance the new topic causes is quick
        config.TopicPatternRefreshInterval = TimeSpan.FromMilliseconds(200);

        var streams = new KafkaStreams(builder.Build(), config);
        await using (streams)
        {
            streams.Start();
            KafkaTestKit.ReadUntil(cluster, "out", r => r.Count >= 1, TimeSpan.FromSeconds(60));
            cluster.CreateTopic("feed-b", 2);
            KafkaTestKit.Produce(cluster, "feed-b", [("k2", "b1", 2L), ("k3", "b2", 3L)]);
            var read = KafkaTestKit.ReadUntil(cluster, "out", r => r.Count >= 3, TimeSpan.FromSeconds(60));
            Assert.Equal(["a1", "b1", "b2"], RuntimeApps.Values(read).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void Runtime_APatternMatchingNoTopic_FailsAtStartNamingIt()
    {
        using var cluster = EmbeddedKafkaCluster.Start(brokers: 1);
        using var dir = new KafkaTestKit.TempDir();
        var builder = new StreamsBuilder();
        builder.Stream<string, string>(new Regex("absent-.*")).To("out");
        var streams = new KafkaStreams(builder.Build(), KafkaTestKit.Config(cluster, "pattern-missing-app", dir.Path));

        var error = Assert.Throws<StreamsException>(streams.Start);
        Assert.Contains("No topic matches the pattern 'absent-.*'", error.Message, StringComparison.Ordinal);
    }
}
