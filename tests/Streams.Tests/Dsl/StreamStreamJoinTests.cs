using Pulse.Streams.Dsl;
using Pulse.Streams.Serialization;
using Pulse.Streams.Tests.TestSupport;

namespace Pulse.Streams.Tests.Dsl;

/// <summary>The windowed inner join of two streams, as Kafka's <c>KStreamKStreamJoinTest</c> asserts it.</summary>
public class StreamStreamJoinTests
{
    private static readonly JoinWindows Hundred = JoinWindows.OfTimeDifferenceWithNoGrace(TimeSpan.FromMilliseconds(100));

    private static StreamJoinDriver Inner(JoinWindows windows, StoreType storeType = StoreType.InMemory) =>
        new((l, r) => l.Join(r, StreamJoinDriver.Pair, windows, new StreamJoined<string, string, string>().WithStoreType(storeType)));

    [Theory]
    [InlineData(StoreType.InMemory)]
    [InlineData(StoreType.RocksDb)]
    public void Join_EachPairWithinTheWindow_IsEmittedOnce_AtTheLaterTimestamp(StoreType storeType)
    {
        using var j = Inner(Hundred, storeType);

        j.Left.PipeInput("k", "A", 1000);
        j.Right.PipeInput("k", "a", 1050);
        j.Right.PipeInput("other", "x", 1050);
        j.Left.PipeInput("k", "B", 1040);

        Assert.Equal(["k:A+a@1050", "k:B+a@1050"], j.Read());
    }

    [Fact]
    public void Join_WindowBounds_AreInclusiveOnBothSides()
    {
        using var j = Inner(Hundred);

        j.Left.PipeInput("k", "A", 1000);
        j.Right.PipeInput("k", "early", 899);
        j.Right.PipeInput("k", "first", 900);
        j.Right.PipeInput("k", "last", 1100);
        j.Right.PipeInput("k", "late", 1101);

        Assert.Equal(["k:A+first@1000", "k:A+last@1100"], j.Read());
    }

    [Fact]
    public void Join_OtherSideFirst_LooksBackAndForwardTheSame()
    {
        using var j = Inner(Hundred);

        j.Right.PipeInput("k", "a", 1000);
        j.Left.PipeInput("k", "early", 899);
        j.Left.PipeInput("k", "first", 900);
        j.Left.PipeInput("k", "last", 1100);
        j.Left.PipeInput("k", "late", 1101);

        Assert.Equal(["k:first+a@1000", "k:last+a@1100"], j.Read());
    }

    [Fact]
    public void Join_AfterOnlyWindow_JoinsOnlyLaterRecordsOfTheOtherSide()
    {
        using var j = Inner(JoinWindows.OfTimeDifferenceWithNoGrace(TimeSpan.Zero).After(TimeSpan.FromMilliseconds(100)));

        j.Left.PipeInput("k", "A", 1000);
        j.Right.PipeInput("k", "before", 999);
        j.Right.PipeInput("k", "same", 1000);
        j.Right.PipeInput("k", "end", 1100);
        j.Right.PipeInput("k", "after", 1101);
        j.Left.PipeInput("k", "B", 1101); // meets "after" (same time) only: "end" is 1 ms before it

        Assert.Equal(["k:A+same@1000", "k:A+end@1100", "k:B+after@1101"], j.Read());
    }

    [Fact]
    public void Join_BeforeOnlyWindow_JoinsOnlyEarlierRecordsOfTheOtherSide()
    {
        using var j = Inner(JoinWindows.OfTimeDifferenceWithNoGrace(TimeSpan.Zero).Before(TimeSpan.FromMilliseconds(100)));

        j.Right.PipeInput("k", "before", 899);
        j.Right.PipeInput("k", "start", 900);
        j.Left.PipeInput("k", "A", 1000);
        j.Right.PipeInput("k", "same", 1000);
        j.Right.PipeInput("k", "after", 1001);

        Assert.Equal(["k:A+start@1000", "k:A+same@1000"], j.Read());
    }

    [Fact]
    public void Join_ZeroTimeDifference_JoinsRecordsOfTheSameTimeOnly()
    {
        using var j = Inner(JoinWindows.OfTimeDifferenceAndGrace(TimeSpan.Zero, TimeSpan.FromMilliseconds(10)));

        j.Left.PipeInput("k", "A", 1000);
        j.Right.PipeInput("k", "before", 999);
        j.Right.PipeInput("k", "same", 1000);
        j.Right.PipeInput("k", "after", 1001);

        Assert.Equal(["k:A+same@1000"], j.Read());
    }

    [Fact]
    public void Join_NegativeAfter_ShiftsTheWindowBack()
    {
        using var j = Inner(JoinWindows.OfTimeDifferenceWithNoGrace(TimeSpan.FromMilliseconds(100)).After(TimeSpan.FromMilliseconds(-50)));

        j.Left.PipeInput("k", "A", 1000);
        j.Right.PipeInput("k", "start", 900);
        j.Right.PipeInput("k", "end", 950);
        j.Right.PipeInput("k", "past-end", 951);

        Assert.Equal(["k:A+start@1000", "k:A+end@1000"], j.Read());
    }

    [Fact]
    public void Join_DuplicatesOnBothSides_JoinEveryPair()
    {
        using var j = Inner(Hundred);

        j.Left.PipeInput("k", "A0", 1000);
        j.Left.PipeInput("k", "A1", 1000);
        j.Right.PipeInput("k", "a0", 1000);
        j.Right.PipeInput("k", "a1", 1000);

        Assert.Equal(["k:A0+a0@1000", "k:A1+a0@1000", "k:A0+a1@1000", "k:A1+a1@1000"], j.Read());
    }

    [Fact]
    public void Join_KeyAwareJoiner_SeesTheKey()
    {
        using var j = new StreamJoinDriver((l, r) => l.Join(r, (string k, string v, string o) => $"{k}/{v}/{o}", Hundred));

        j.Left.PipeInput("k", "A", 1000);
        j.Right.PipeInput("k", "a", 1000);

        Assert.Equal(["k:k/A/a@1000"], j.Read());
    }

    [Fact]
    public void Join_NullKeyOrValue_IsDroppedAndCounted()
    {
        using var j = Inner(Hundred);

        j.Left.PipeInput(null!, "A", 1000);
        j.Left.PipeInput("k", null!, 1000);
        j.Right.PipeInput(null!, "a", 1000);
        j.Right.PipeInput("k", null!, 1000);
        j.Right.PipeInput("k", "a", 1000);

        Assert.Empty(j.Read());
        Assert.Equal(4, j.Driver.Metrics.DroppedRecords);
    }

    [Fact]
    public void Join_RecordOlderThanRetention_IsNotKeptForTheOtherSide_AndCountedLate()
    {
        using var j = Inner(Hundred); // retention: 200 ms (window size), so a left record at or before 1800 is late once 2000 is seen

        j.Left.PipeInput("other", "X", 2000);
        j.Left.PipeInput("k", "late", 1800);
        j.Left.PipeInput("k", "kept", 1801);
        j.Right.PipeInput("k", "a", 1800);

        Assert.Equal(["k:kept+a@1801"], j.Read());
        Assert.Equal(1, j.Driver.Metrics.LateRecordsDropped);
    }

    [Fact]
    public void Join_GracePeriod_KeepsRecordsLongerForOutOfOrderRecords()
    {
        using var j = Inner(JoinWindows.OfTimeDifferenceAndGrace(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(50)));

        j.Left.PipeInput("other", "X", 2000);
        j.Left.PipeInput("k", "kept", 1751); // retention 250 ms
        j.Left.PipeInput("k", "late", 1750);
        j.Right.PipeInput("k", "a", 1700);

        Assert.Equal(["k:kept+a@1751"], j.Read());
        Assert.Equal(1, j.Driver.Metrics.LateRecordsDropped);
    }

    [Fact]
    public void Join_SideWhoseKeyChanged_IsRepartitionedFirst()
    {
        using var j = new StreamJoinDriver((l, r) => l.SelectKey((_, v) => v[..1]).Join(r, StreamJoinDriver.Pair, Hundred,
            StreamJoined.With(Serdes.String, Serdes.String, Serdes.String).WithName("orders")));

        j.Left.PipeInput("ignored", "kA", 1000);
        j.Right.PipeInput("k", "a", 1000);

        Assert.Equal(["k:kA+a@1000"], j.Read());
        Assert.Contains("Sink: orders-left-repartition-sink (topic: orders-left-repartition)", j.Topology.Describe().ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Join_OtherSideWhoseKeyChanged_IsRepartitionedThroughNameRight()
    {
        using var j = new StreamJoinDriver((l, r) => l.Join(r.SelectKey((_, v) => v[..1]), StreamJoinDriver.Pair, Hundred,
            StreamJoined.With(Serdes.String, Serdes.String, Serdes.String).WithName("orders")));

        j.Right.PipeInput("ignored", "ka", 1000);
        j.Left.PipeInput("k", "A", 1000);

        Assert.Equal(["k:A+ka@1000"], j.Read());
        Assert.Contains("Source: orders-right-repartition-source (topics: [orders-right-repartition])", j.Topology.Describe().ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Join_Logging_SendsEveryKeptRecordToTheStoresChangelog_UnlessDisabled(bool logging)
    {
        var joined = StreamJoined.As<string, string, string>("orders");
        using var j = new StreamJoinDriver((l, r) => l.LeftJoin(r, StreamJoinDriver.Pair, Hundred, logging ? joined : joined.WithLoggingDisabled()));

        j.Left.PipeInput("k", "A", 1000);
        j.Right.PipeInput("k", "a", 1000);

        var changelogs = j.Driver.ProducedTopicNames.Where(t => t.EndsWith("-changelog", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        Assert.Equal(logging
            ? ["topology-test-driver-orders-left-shared-join-store-changelog", "topology-test-driver-orders-outer-other-join-store-changelog",
               "topology-test-driver-orders-this-join-store-changelog"]
            : [], changelogs);
    }

    [Fact]
    public void Join_StoreName_NamesBothWindowStores()
    {
        using var j = new StreamJoinDriver((l, r) => l.Join(r, StreamJoinDriver.Pair, Hundred, StreamJoined.As<string, string, string>("orders")));

        Assert.Equal(["orders-other-join-store", "orders-this-join-store"], j.Driver.GetAllStateStores().Keys.Order(StringComparer.Ordinal));
    }
}
