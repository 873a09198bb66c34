using Pulse.Streams.Dsl;
using Pulse.Streams.State;
using Pulse.Streams.Serialization;

namespace Pulse.Streams.Tests.Dsl;

public class TopologyDescriptionTests
{
    [Fact]
    public void Describe_StatelessTopology_PrintsKafkasFormat()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.String)).Filter((_, _) => true).To("out");

        Assert.Equal(
            "Topologies:\n" +
            "   Sub-topology: 0\n" +
            "    Source: KSTREAM-SOURCE-0000000000 (topics: [in])\n" +
            "      --> KSTREAM-FILTER-0000000001\n" +
            "    Processor: KSTREAM-FILTER-0000000001 (stores: [])\n" +
            "      --> KSTREAM-SINK-0000000002\n" +
            "      <-- KSTREAM-SOURCE-0000000000\n" +
            "    Sink: KSTREAM-SINK-0000000002 (topic: out)\n" +
            "      <-- KSTREAM-FILTER-0000000001\n" +
            "\n",
            builder.Build().Describe().ToString());
    }

    [Fact]
    public void Describe_Repartition_SplitsSubtopologiesAtRepartitionTopic_AsKafkaPrintsIt()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.String))
            .SelectKey((_, v) => v)
            .GroupByKey(Grouped.As<string, string>("g"))
            .Count(Materialized.As<string, long>("counts"))
            .ToStream()
            .To("out");

        Assert.Equal(
            "Topologies:\n" +
            "   Sub-topology: 0\n" +
            "    Source: KSTREAM-SOURCE-0000000000 (topics: [in])\n" +
            "      --> KSTREAM-KEY-SELECT-0000000001\n" +
            "    Processor: KSTREAM-KEY-SELECT-0000000001 (stores: [])\n" +
            "      --> g-repartition-filter\n" +
            "      <-- KSTREAM-SOURCE-0000000000\n" +
            "    Processor: g-repartition-filter (stores: [])\n" +
            "      --> g-repartition-sink\n" +
            "      <-- KSTREAM-KEY-SELECT-0000000001\n" +
            "    Sink: g-repartition-sink (topic: g-repartition)\n" +
            "      <-- g-repartition-filter\n" +
            "\n" +
            "  Sub-topology: 1\n" +
            "    Source: g-repartition-source (topics: [g-repartition])\n" +
            "      --> KSTREAM-AGGREGATE-0000000002\n" +
            "    Processor: KSTREAM-AGGREGATE-0000000002 (stores: [counts])\n" +
            "      --> KTABLE-TOSTREAM-0000000006\n" +
            "      <-- g-repartition-source\n" +
            "    Processor: KTABLE-TOSTREAM-0000000006 (stores: [])\n" +
            "      --> KSTREAM-SINK-0000000007\n" +
            "      <-- KSTREAM-AGGREGATE-0000000002\n" +
            "    Sink: KSTREAM-SINK-0000000007 (topic: out)\n" +
            "      <-- KTABLE-TOSTREAM-0000000006\n" +
            "\n",
            builder.Build().Describe().ToString());
    }

    [Fact]
    public void Describe_GeneratedRepartition_UsesKafkasGeneratedNodeNames()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.String)).SelectKey((_, v) => v).GroupByKey().Count();

        var description = builder.Build().Describe();

        // Kafka: store 2, aggregate 3, then the repartition's sink 4, filter 5 and source 6.
        var nodes = description.Subtopologies.SelectMany(s => s.Nodes).Select(n => n.Name).ToList();
        Assert.Equal(["KSTREAM-SOURCE-0000000000", "KSTREAM-KEY-SELECT-0000000001", "KSTREAM-FILTER-0000000005", "KSTREAM-SINK-0000000004",
            "KSTREAM-SOURCE-0000000006", "KSTREAM-AGGREGATE-0000000003"], nodes);
        Assert.Equal(["KSTREAM-AGGREGATE-STATE-STORE-0000000002-repartition"], description.Subtopologies[1].Nodes[0].Topics);
    }

    [Fact]
    public void Describe_ListsStoresOfProcessors_Sorted()
    {
        var builder = new StreamsBuilder();
        builder.AddStateStore(Stores.KeyValueStoreBuilder(Stores.InMemoryKeyValueStore("b-store"), Serdes.String, Serdes.String));
        builder.AddStateStore(Stores.KeyValueStoreBuilder(Stores.InMemoryKeyValueStore("a-store"), Serdes.String, Serdes.String));
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.String))
            .ProcessValues<string>(() => throw new InvalidOperationException("not run"), Named.As("p"), "b-store", "a-store");

        Assert.Contains("    Processor: p (stores: [a-store, b-store])\n      --> none\n      <-- KSTREAM-SOURCE-0000000000\n",
            builder.Build().Describe().ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_TableSourceNothingLooksUp_HasNoStore_AsKafka()
    {
        var builder = new StreamsBuilder();
        builder.Table("t", Consumed.With(Serdes.String, Serdes.String));

        Assert.Equal(
            "Topologies:\n" +
            "   Sub-topology: 0\n" +
            "    Source: KSTREAM-SOURCE-0000000001 (topics: [t])\n" +
            "      --> KTABLE-SOURCE-0000000002\n" +
            "    Processor: KTABLE-SOURCE-0000000002 (stores: [])\n" +
            "      --> none\n" +
            "      <-- KSTREAM-SOURCE-0000000001\n" +
            "\n",
            builder.Build().Describe().ToString());
    }

    [Fact]
    public void Describe_TableSourceAJoinLooksUp_IsMaterializedUnderTheStoreNamedBeforeItsNodes()
    {
        var builder = new StreamsBuilder();
        var table = builder.Table("t", Consumed.With(Serdes.String, Serdes.String));
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.String)).Join(table, (v, t) => v + t).To("out");

        var text = builder.Build().Describe().ToString();

        Assert.Contains("    Processor: KTABLE-SOURCE-0000000002 (stores: [t-STATE-STORE-0000000000])\n", text, StringComparison.Ordinal);
        Assert.Contains("(stores: [t-STATE-STORE-0000000000])\n      --> KSTREAM-SINK", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_GlobalTable_HasGlobalStoreSubtopology()
    {
        var builder = new StreamsBuilder();
        var global = builder.GlobalTable("g", Consumed.With(Serdes.String, Serdes.String));
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.String)).Join(global, (k, _) => k, (v, g) => v + g).To("out");

        var description = builder.Build().Describe();

        var globalSub = Assert.Single(description.Subtopologies, s => s.IsGlobal);
        Assert.Equal(["KSTREAM-SOURCE-0000000001", "KTABLE-SOURCE-0000000002"], globalSub.Nodes.Select(n => n.Name));
        Assert.Equal(["g-STATE-STORE-0000000000"], globalSub.Nodes[1].Stores);
        Assert.Contains(
            $"Sub-topology: {globalSub.Id} for global store (will not generate tasks)\n" +
            "    Source: KSTREAM-SOURCE-0000000001 (topics: [g])\n" +
            "      --> KTABLE-SOURCE-0000000002\n" +
            "    Processor: KTABLE-SOURCE-0000000002 (stores: [g-STATE-STORE-0000000000])\n" +
            "      --> none\n" +
            "      <-- KSTREAM-SOURCE-0000000001\n",
            description.ToString(), StringComparison.Ordinal);
        var streamSub = Assert.Single(description.Subtopologies, s => !s.IsGlobal);
        Assert.Equal(["KSTREAM-SOURCE-0000000003", "KSTREAM-JOIN-0000000004", "KSTREAM-SINK-0000000005"], streamSub.Nodes.Select(n => n.Name));
    }

    [Fact]
    public void Describe_IndependentStreams_AreSeparateSubtopologies()
    {
        var builder = new StreamsBuilder();
        builder.Stream("a", Consumed.With(Serdes.String, Serdes.String)).To("a-out");
        builder.Stream("b", Consumed.With(Serdes.String, Serdes.String)).To("b-out");

        var description = builder.Build().Describe();

        Assert.Equal([0, 1], description.Subtopologies.Select(s => s.Id));
        Assert.Equal(["a"], description.Subtopologies[0].Nodes[0].Topics);
        Assert.Equal(["b"], description.Subtopologies[1].Nodes[0].Topics);
    }

    [Fact]
    public void Describe_SinkWithTopicExtractor_SaysSo()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.String)).To((k, _, _) => k);

        Assert.Contains("    Sink: KSTREAM-SINK-0000000001 (extractor", builder.Build().Describe().ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_MergeOfTwoSources_ListsBothPredecessors()
    {
        var builder = new StreamsBuilder();
        builder.Stream("a", Consumed.With(Serdes.String, Serdes.String)).Merge(builder.Stream("b", Consumed.With(Serdes.String, Serdes.String))).To("out");

        var description = builder.Build().Describe();

        var merge = Assert.Single(Assert.Single(description.Subtopologies).Nodes, n => n.Name == "KSTREAM-MERGE-0000000002");
        Assert.Equal(["KSTREAM-SOURCE-0000000000", "KSTREAM-SOURCE-0000000001"], merge.Predecessors);
    }
}
