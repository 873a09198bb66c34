using Pulse.Streams.Dsl;
using Pulse.Streams.Errors;
using Pulse.Streams.Testing;
using Pulse.Streams.Tests.TestSupport;
using Pulse.Streams.Serialization;

namespace Pulse.Streams.Tests.Dsl;

public class SplitTests
{
    private static IKStream<string, int> Source(StreamsBuilder builder) => builder.Stream("in", Consumed.With(Serdes.String, Serdes.Int32));

    private static TestInputTopic<string, int> Input(TopologyTestDriver driver) => driver.CreateInputTopic("in", Serdes.String, Serdes.Int32);

    private static TestOutputTopic<string, int> Output(TopologyTestDriver driver, string topic) => driver.CreateOutputTopic(topic, Serdes.String, Serdes.Int32);

    [Fact]
    public void NamedSplitAndBranches_AreKeyedBySplitNamePlusBranchName()
    {
        var builder = new StreamsBuilder();
        var branches = Source(builder).Split(Named.As("split-"))
            .Branch((_, v) => v < 0, Branched.As<string, int>("negative"))
            .Branch((_, v) => v == 0, Branched.As<string, int>("zero"))
            .DefaultBranch(Branched.As<string, int>("positive"));

        Assert.Equal(["split-negative", "split-positive", "split-zero"], branches.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void UnnamedBranches_AreNumberedFromOne_AndDefaultIsZero()
    {
        var builder = new StreamsBuilder();
        var branches = Source(builder).Split(Named.As("s-"))
            .Branch((_, v) => v < 0)
            .Branch((_, v) => v == 0)
            .DefaultBranch();

        Assert.Equal(["s-0", "s-1", "s-2"], branches.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void UnnamedSplit_UsesGeneratedSplitNameAsPrefix()
    {
        var builder = new StreamsBuilder();
        var branches = Source(builder).Split().Branch((_, v) => v < 0).DefaultBranch();

        Assert.Equal(["KSTREAM-BRANCH-00000000010", "KSTREAM-BRANCH-00000000011"], branches.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Split_RoutesEachRecordToFirstMatchingBranchOnly()
    {
        var builder = new StreamsBuilder();
        var branches = Source(builder).Split(Named.As("s-"))
            .Branch((_, v) => v > 10, Branched.As<string, int>("big"))
            .Branch((_, v) => v > 0, Branched.As<string, int>("small"))
            .DefaultBranch(Branched.As<string, int>("other"));
        branches["s-big"].To("big");
        branches["s-small"].To("small");
        branches["s-other"].To("other");
        using var driver = new TopologyTestDriver(builder.Build());
        var input = Input(driver);

        input.PipeInput("a", 50, Timestamps.T0);
        input.PipeInput("b", 5, Timestamps.T0);
        input.PipeInput("c", -5, Timestamps.T0);

        Assert.Equal([new KeyValue<string, int>("a", 50)], Output(driver, "big").ReadKeyValuesToList());
        Assert.Equal([new KeyValue<string, int>("b", 5)], Output(driver, "small").ReadKeyValuesToList());
        Assert.Equal([new KeyValue<string, int>("c", -5)], Output(driver, "other").ReadKeyValuesToList());
    }

    [Fact]
    public void NoDefaultBranch_DropsRecordsNoPredicateTakes()
    {
        var builder = new StreamsBuilder();
        var branches = Source(builder).Split(Named.As("s-"))
            .Branch((_, v) => v > 0, Branched.As<string, int>("pos"))
            .NoDefaultBranch();
        branches["s-pos"].To("pos");
        using var driver = new TopologyTestDriver(builder.Build());
        var input = Input(driver);

        input.PipeInput("a", 1, Timestamps.T0);
        input.PipeInput("b", -1, Timestamps.T0);

        Assert.Equal(["s-pos"], branches.Keys);
        Assert.Equal([new KeyValue<string, int>("a", 1)], Output(driver, "pos").ReadKeyValuesToList());
        Assert.Equal(["pos"], driver.ProducedTopicNames);
    }

    [Fact]
    public void BranchedWithConsumer_HandsBranchToConsumer_AndLeavesItOutOfResult()
    {
        var builder = new StreamsBuilder();
        var branches = Source(builder).Split(Named.As("s-"))
            .Branch((_, v) => v > 0, Branched.WithConsumer<string, int>(s => s.To("pos"), "pos"))
            .DefaultBranch(Branched.As<string, int>("rest"));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = Input(driver);

        input.PipeInput("a", 1, Timestamps.T0);

        Assert.Equal(["s-rest"], branches.Keys);
        Assert.Equal([new KeyValue<string, int>("a", 1)], Output(driver, "pos").ReadKeyValuesToList());
    }

    [Fact]
    public void BranchedWithFunction_ReturnsTransformedBranchUnderItsName()
    {
        var builder = new StreamsBuilder();
        var branches = Source(builder).Split(Named.As("s-"))
            .Branch((_, v) => v > 0, Branched.WithFunction<string, int>(s => s.MapValues(v => v * 100), "pos"))
            .DefaultBranch(Branched.WithFunction<string, int>(s => s.MapValues(v => -v)));
        branches["s-pos"].To("pos", Produced.With(Serdes.String, Serdes.Int32));
        branches["s-0"].To("rest", Produced.With(Serdes.String, Serdes.Int32));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = Input(driver);

        input.PipeInput("a", 2, Timestamps.T0);
        input.PipeInput("b", -3, Timestamps.T0);

        Assert.Equal([new KeyValue<string, int>("a", 200)], Output(driver, "pos").ReadKeyValuesToList());
        Assert.Equal([new KeyValue<string, int>("b", 3)], Output(driver, "rest").ReadKeyValuesToList());
    }

    [Fact]
    public void DuplicateBranchName_IsRejected()
    {
        var builder = new StreamsBuilder();
        var split = Source(builder).Split(Named.As("s-")).Branch((_, _) => true, Branched.As<string, int>("x"));

        Assert.Throws<TopologyException>(() => split.Branch((_, _) => true, Branched.As<string, int>("x")));
    }

    [Fact]
    public void SplitNeverFinished_StillRoutesByItsBranches()
    {
        // Kafka builds the split's and each branch's node as they are declared: DefaultBranch() and NoDefaultBranch() only finish it.
        var builder = new StreamsBuilder();
        Source(builder).Split(Named.As("s-"))
            .Branch((_, v) => v > 0, Branched.WithConsumer<string, int>(s => s.To("positive"), "pos"))
            .Branch((_, v) => v < 0, Branched.WithConsumer<string, int>(s => s.To("negative"), "neg"));
        var topology = builder.Build();
        using var driver = new TopologyTestDriver(topology);
        var input = Input(driver);

        input.PipeInput("a", 2, Timestamps.T0);
        input.PipeInput("b", -3, Timestamps.T0);
        input.PipeInput("c", 0, Timestamps.T0);

        Assert.Equal([new KeyValue<string, int>("a", 2)], Output(driver, "positive").ReadKeyValuesToList());
        Assert.Equal([new KeyValue<string, int>("b", -3)], Output(driver, "negative").ReadKeyValuesToList());
        Assert.Contains("s-pos", topology.Describe().ToString(), StringComparison.Ordinal);
    }
}
