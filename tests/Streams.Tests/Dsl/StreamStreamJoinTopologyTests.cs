using Pulse.Streams.Dsl;
using Pulse.Streams.Errors;
using Pulse.Streams.Serialization;
using Pulse.Streams.State;

namespace Pulse.Streams.Tests.Dsl;

/// <summary>
/// How a stream–stream join is built: Kafka's node, store and repartition-topic names and numbering (as
/// <c>StreamsBuilderTest</c> and <c>KStreamKStreamJoinTest</c> expect them), co-partitioning, and the checks on
/// <see cref="JoinWindows"/> and <see cref="StreamJoined{TKey, TValue, TOther}"/>.
/// </summary>
public class StreamStreamJoinTopologyTests
{
    private static readonly JoinWindows Hour = JoinWindows.OfTimeDifferenceWithNoGrace(TimeSpan.FromHours(1));

    private static (StreamsBuilder Builder, IKStream<string, string> Left, IKStream<string, string> Right) Streams()
    {
        var builder = new StreamsBuilder();
        return (builder, builder.Stream("left", Consumed.With(Serdes.String, Serdes.String)), builder.Stream("right", Consumed.With(Serdes.String, Serdes.String)));
    }

    [Fact]
    public void Describe_InnerJoin_HasKafkasWindowedJoinAndMergeNodes_AndStores() // as Kafka's StreamsGraphTest: JOINOTHER before JOINTHIS
    {
        var (builder, left, right) = Streams();
        left.Join(right, (a, b) => a + b, Hour).To("out");

        Assert.Equal(
            "Topologies:\n" +
            "   Sub-topology: 0\n" +
            "    Source: KSTREAM-SOURCE-0000000000 (topics: [left])\n" +
            "      --> KSTREAM-WINDOWED-0000000002\n" +
            "    Source: KSTREAM-SOURCE-0000000001 (topics: [right])\n" +
            "      --> KSTREAM-WINDOWED-0000000003\n" +
            "    Processor: KSTREAM-WINDOWED-0000000002 (stores: [KSTREAM-JOINTHIS-0000000004-store])\n" +
            "      --> KSTREAM-JOINTHIS-0000000004\n" +
            "      <-- KSTREAM-SOURCE-0000000000\n" +
            "    Processor: KSTREAM-WINDOWED-0000000003 (stores: [KSTREAM-JOINOTHER-0000000005-store])\n" +
            "      --> KSTREAM-JOINOTHER-0000000005\n" +
            "      <-- KSTREAM-SOURCE-0000000001\n" +
            "    Processor: KSTREAM-JOINOTHER-0000000005 (stores: [KSTREAM-JOINTHIS-0000000004-store])\n" +
            "      --> KSTREAM-MERGE-0000000006\n" +
            "      <-- KSTREAM-WINDOWED-0000000003\n" +
            "    Processor: KSTREAM-JOINTHIS-0000000004 (stores: [KSTREAM-JOINOTHER-0000000005-store])\n" +
            "      --> KSTREAM-MERGE-0000000006\n" +
            "      <-- KSTREAM-WINDOWED-0000000002\n" +
            "    Processor: KSTREAM-MERGE-0000000006 (stores: [])\n" +
            "      --> KSTREAM-SINK-0000000007\n" +
            "      <-- KSTREAM-JOINTHIS-0000000004, KSTREAM-JOINOTHER-0000000005\n" +
            "    Sink: KSTREAM-SINK-0000000007 (topic: out)\n" +
            "      <-- KSTREAM-MERGE-0000000006\n" +
            "\n",
            builder.Build().Describe().ToString());
    }

    [Fact]
    public void Describe_LeftJoin_NamesTheOtherSideOuter_AndSharesTheOuterJoinStore()
    {
        var (builder, left, right) = Streams();
        left.LeftJoin(right, (a, b) => a + b, Hour).To("out");

        var described = builder.Build().Describe().ToString();

        Assert.Contains("Processor: KSTREAM-JOINTHIS-0000000004 (stores: [KSTREAM-OUTEROTHER-0000000005-store, KSTREAM-OUTERSHARED-0000000004-store])", described, StringComparison.Ordinal);
        Assert.Contains("Processor: KSTREAM-OUTEROTHER-0000000005 (stores: [KSTREAM-JOINTHIS-0000000004-store, KSTREAM-OUTERSHARED-0000000004-store])", described, StringComparison.Ordinal);
        Assert.Contains("<-- KSTREAM-JOINTHIS-0000000004, KSTREAM-OUTEROTHER-0000000005", described, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_OuterJoin_NamesBothSidesOuter()
    {
        var (builder, left, right) = Streams();
        left.OuterJoin(right, (a, b) => a + b, Hour).To("out");

        var described = builder.Build().Describe().ToString();

        Assert.Contains("Processor: KSTREAM-WINDOWED-0000000002 (stores: [KSTREAM-OUTERTHIS-0000000004-store])", described, StringComparison.Ordinal);
        Assert.Contains("Processor: KSTREAM-OUTERTHIS-0000000004 (stores: [KSTREAM-OUTEROTHER-0000000005-store, KSTREAM-OUTERSHARED-0000000004-store])", described, StringComparison.Ordinal);
        Assert.Contains("<-- KSTREAM-OUTERTHIS-0000000004, KSTREAM-OUTEROTHER-0000000005", described, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_NamedLeftJoin_NamesItsNodes_ButNotItsStores()
    {
        var (builder, left, right) = Streams();
        left.LeftJoin(right, (a, b) => a + b, Hour, StreamJoined.With(Serdes.String, Serdes.String, Serdes.String).WithName("enrich")).To("out");

        var described = builder.Build().Describe().ToString();

        foreach (var node in new[] { "enrich-this-windowed", "enrich-other-windowed", "enrich-this-join", "enrich-outer-other-join", "enrich-merge" })
            Assert.Contains($"Processor: {node} ", described, StringComparison.Ordinal);
        Assert.Contains("Processor: enrich-this-join (stores: [KSTREAM-OUTEROTHER-0000000005-store, KSTREAM-OUTERSHARED-0000000004-store])", described, StringComparison.Ordinal);
        Assert.Contains("Sink: KSTREAM-SINK-0000000007 (topic: out)", described, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_StreamJoinedTwiceUnderGeneratedNames_IsRepartitionedOnce_WithKafkasNumbering()
    {
        var builder = new StreamsBuilder();
        var topic = builder.Stream("topic", Consumed.With(Serdes.String, Serdes.String));
        var topic2 = builder.Stream("topic2", Consumed.With(Serdes.String, Serdes.String));
        var topic3 = builder.Stream("topic3", Consumed.With(Serdes.String, Serdes.String));
        var rekeyed = topic.Map((k, v) => new KeyValue<string, string>(v, k));
        rekeyed.Join(topic2, (a, b) => a + b, JoinWindows.OfTimeDifferenceWithNoGrace(TimeSpan.FromMilliseconds(100))).To("out-one");
        rekeyed.Join(topic3, (a, b) => a + b, JoinWindows.OfTimeDifferenceWithNoGrace(TimeSpan.FromMilliseconds(100))).To("out-two");

        var described = builder.Build().Describe().ToString();

        Assert.Contains("Sink: KSTREAM-SINK-0000000004 (topic: KSTREAM-MAP-0000000003-repartition)", described, StringComparison.Ordinal);
        Assert.Contains("Source: KSTREAM-SOURCE-0000000006 (topics: [KSTREAM-MAP-0000000003-repartition])\n      --> KSTREAM-WINDOWED-0000000007, KSTREAM-WINDOWED-0000000016\n",
            described, StringComparison.Ordinal);
        Assert.Contains("Processor: KSTREAM-JOINTHIS-0000000018 (stores: [KSTREAM-JOINOTHER-0000000019-store])", described, StringComparison.Ordinal);
        Assert.Single(described.Split('\n'), line => line.Contains("(topic: KSTREAM-MAP-0000000003-repartition)", StringComparison.Ordinal));
    }

    [Fact]
    public void Join_SourceTopicsOfBothSides_AreCopartitioned()
    {
        var (builder, left, right) = Streams();
        left.SelectKey((_, v) => v).Join(right, (a, b) => a + b, Hour, StreamJoined.As<string, string, string>("s").WithName("j")).To("out");

        var groups = builder.Build().Builder.CopartitionGroups;

        Assert.Contains(groups, g => g.SetEquals(["j-left-repartition", "right"]));
    }

    [Fact]
    public void StreamJoined_StoreSupplierWithoutDuplicates_IsRejected()
    {
        var (_, left, right) = Streams();
        var supplier = Stores.InMemoryWindowStore("mine", TimeSpan.FromHours(2), TimeSpan.FromHours(2), retainDuplicates: false);

        var error = Assert.Throws<TopologyException>(() => left.Join(right, (a, b) => a + b, Hour,
            new StreamJoined<string, string, string>().WithThisStoreSupplier(supplier)));
        Assert.Contains("must retain duplicates", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StreamJoined_StoreSupplierWithOtherRetention_IsRejected()
    {
        var (_, left, right) = Streams();
        var supplier = Stores.InMemoryWindowStore("mine", TimeSpan.FromHours(3), TimeSpan.FromHours(2), retainDuplicates: true);

        var error = Assert.Throws<TopologyException>(() => left.Join(right, (a, b) => a + b, Hour,
            new StreamJoined<string, string, string>().WithOtherStoreSupplier(supplier)));
        Assert.Contains("must match the join windows", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StreamJoined_BothSuppliersOfOneName_AreRejected()
    {
        var (_, left, right) = Streams();
        var supplier = Stores.InMemoryWindowStore("mine", TimeSpan.FromHours(2), TimeSpan.FromHours(2), retainDuplicates: true);

        Assert.Throws<TopologyException>(() => left.Join(right, (a, b) => a + b, Hour,
            new StreamJoined<string, string, string>().WithThisStoreSupplier(supplier).WithOtherStoreSupplier(supplier)));
    }

    [Fact]
    public void StreamJoined_MatchingSuppliers_NameTheStores_AndTheOuterJoinStoreFollowsThisSide()
    {
        var (builder, left, right) = Streams();
        var mine = Stores.InMemoryWindowStore("mine", TimeSpan.FromHours(2), TimeSpan.FromHours(2), retainDuplicates: true);
        var theirs = Stores.InMemoryWindowStore("theirs", TimeSpan.FromHours(2), TimeSpan.FromHours(2), retainDuplicates: true);
        left.OuterJoin(right, (a, b) => a + b, Hour, new StreamJoined<string, string, string>().WithThisStoreSupplier(mine).WithOtherStoreSupplier(theirs)).To("out");

        var described = builder.Build().Describe().ToString();

        Assert.Contains("Processor: KSTREAM-OUTERTHIS-0000000004 (stores: [mine-outer-shared-join-store, theirs])", described, StringComparison.Ordinal);
    }

    [Fact]
    public void JoinWindows_Sizes_AreBeforePlusAfter_AndBeforeOrAfterMayBeNegative()
    {
        var windows = JoinWindows.OfTimeDifferenceAndGrace(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1)).After(TimeSpan.FromSeconds(-2));

        Assert.Equal((5000, -2000, 3000, 1000), (windows.BeforeMs, windows.AfterMs, windows.SizeMs, windows.GraceMs));
    }

    [Fact]
    public void JoinWindows_NegativeSizeOrGraceOrDifference_IsRejected()
    {
        var five = JoinWindows.OfTimeDifferenceWithNoGrace(TimeSpan.FromSeconds(5));

        Assert.Throws<ArgumentOutOfRangeException>(() => five.Before(TimeSpan.FromSeconds(-6)));
        Assert.Throws<ArgumentOutOfRangeException>(() => five.After(TimeSpan.FromSeconds(-6)));
        Assert.Throws<ArgumentOutOfRangeException>(() => JoinWindows.OfTimeDifferenceAndGrace(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => JoinWindows.OfTimeDifferenceWithNoGrace(TimeSpan.FromSeconds(-1)));
        Assert.Equal(-5000, five.Before(TimeSpan.FromSeconds(-5)).BeforeMs); // a window of size 0 is allowed
    }
}
