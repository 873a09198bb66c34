using Pulse.Streams.Dsl;
using Pulse.Streams.Tests.TestSupport;

namespace Pulse.Streams.Tests.Dsl;

/// <summary>
/// The windowed left join of two streams, as Kafka ≥ 3.1 (<c>KStreamKStreamLeftJoinTest</c>): a left record that meets
/// nothing is emitted with a null right side only once its window has closed, never early.
/// </summary>
public class StreamStreamJoinLeftTests
{
    private static readonly JoinWindows Hundred = JoinWindows.OfTimeDifferenceWithNoGrace(TimeSpan.FromMilliseconds(100));

    private static StreamJoinDriver Left(JoinWindows windows, StoreType storeType = StoreType.InMemory) =>
        new((l, r) => l.LeftJoin(r, StreamJoinDriver.Pair, windows, new StreamJoined<string, string, string>().WithStoreType(storeType)));

    [Theory]
    [InlineData(StoreType.InMemory)]
    [InlineData(StoreType.RocksDb)]
    public void LeftJoin_UnmatchedLeftRecord_IsEmittedOnlyOnceStreamTimePassesItsWindowEnd(StoreType storeType)
    {
        using var j = Left(Hundred, storeType);

        j.Left.PipeInput("k", "A", 1000);
        j.Left.PipeInput("other", "X", 1100); // A's window ends at 1100: still open
        Assert.Empty(j.Read());

        j.Left.PipeInput("other", "Y", 1101);

        Assert.Equal(["k:A+null@1000"], j.Read());
    }

    [Fact]
    public void LeftJoin_MatchInTime_IsEmitted_AndNoNullResultFollows()
    {
        using var j = Left(Hundred);

        j.Left.PipeInput("k", "A", 1000);
        j.Right.PipeInput("k", "a", 1100);
        j.Left.PipeInput("other", "X", 5000);

        Assert.Equal(["k:A+a@1100"], j.Read());
    }

    [Fact]
    public void LeftJoin_Grace_DelaysTheNullResultByTheGracePeriod()
    {
        using var j = Left(JoinWindows.OfTimeDifferenceAndGrace(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(50)));

        j.Left.PipeInput("k", "A", 1000);
        j.Right.PipeInput("other", "x", 1150);
        Assert.Empty(j.Read());

        j.Right.PipeInput("other", "y", 1151);

        Assert.Equal(["k:A+null@1000"], j.Read());
    }

    [Fact]
    public void LeftJoin_OutOfOrderMatchWithinGrace_IsJoined_AndNoNullResultFollows()
    {
        using var j = Left(JoinWindows.OfTimeDifferenceAndGrace(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(50)));

        j.Left.PipeInput("k", "A", 1000);
        j.Right.PipeInput("other", "x", 1150);
        j.Right.PipeInput("k", "a", 1090);
        j.Right.PipeInput("other", "y", 5000);

        Assert.Equal(["k:A+a@1090"], j.Read());
    }

    [Fact]
    public void LeftJoin_StreamTimeMovedByTheRightSide_EmitsClosedLeftRecords()
    {
        using var j = Left(Hundred);

        j.Left.PipeInput("k", "A0", 1);
        j.Left.PipeInput("k1", "A1", 2);
        j.Left.PipeInput("k", "A0-0", 3);
        j.Right.PipeInput("k1", "a1", 3);
        Assert.Equal(["k1:A1+a1@3"], j.Read());

        j.Right.PipeInput("k2", "dummy", 401);

        Assert.Equal(["k:A0+null@1", "k:A0-0+null@3"], j.Read());
    }

    [Fact]
    public void LeftJoin_UnmatchedDuplicates_AreEachEmittedWithNull_InArrivalOrder()
    {
        using var j = Left(JoinWindows.OfTimeDifferenceAndGrace(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(10)));

        j.Left.PipeInput("k", "A0", 0);
        j.Left.PipeInput("k", "A0-0", 0);
        j.Right.PipeInput("k1", "a1", 111);

        Assert.Equal(["k:A0+null@0", "k:A0-0+null@0"], j.Read());
    }

    [Fact]
    public void LeftJoin_UnmatchedRightRecords_AreNeverEmitted()
    {
        using var j = Left(Hundred);

        j.Right.PipeInput("k", "a", 1);
        j.Right.PipeInput("k2", "b", 500);
        j.Left.PipeInput("k3", "C", 1000);
        j.Left.PipeInput("k3", "c-trigger", 2000);

        Assert.Equal(["k3:C+null@1000"], j.Read());
    }

    [Fact]
    public void LeftJoin_RecordWhoseWindowHadClosed_IsEmittedWithNullAtOnce()
    {
        using var j = Left(JoinWindows.OfTimeDifferenceAndGrace(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100)));

        j.Right.PipeInput("other", "x", 1000);
        j.Left.PipeInput("k", "A", 899); // its window ended at 999, before stream time 1000; retention keeps it

        Assert.Equal(["k:A+null@899"], j.Read());
    }

    [Fact]
    public void LeftJoin_ZeroAfter_ClosesEachWindowAtTheNextMillisecond()
    {
        using var j = Left(JoinWindows.OfTimeDifferenceWithNoGrace(TimeSpan.FromMilliseconds(100)).After(TimeSpan.Zero));

        for (var i = 0; i < 4; i++) j.Left.PipeInput($"k{i}", $"A{i}", 1000 + i);
        Assert.Equal(["k0:A0+null@1000", "k1:A1+null@1001", "k2:A2+null@1002"], j.Read());

        j.Right.PipeInput("k3", "a3", 999); // looks forward 100 ms: meets A3
        j.Right.PipeInput("k0", "a0", 1001); // A0 is more than 0 ms before it

        Assert.Equal(["k3:A3+a3@1003"], j.Read());
    }

    [Fact]
    public void LeftJoin_NullKeyOnTheLeft_IsJoinedWithNullAtOnce_AndOnTheRightDropped()
    {
        using var j = Left(Hundred);

        j.Left.PipeInput(null!, "A", 1000);
        j.Right.PipeInput(null!, "a", 1000);
        j.Left.PipeInput("k", null!, 1000);

        Assert.Equal([":A+null@1000"], j.Read());
        Assert.Equal(2, j.Driver.Metrics.DroppedRecords);
    }

    [Fact]
    public void LeftJoin_OuterJoinStore_IsNamedAfterTheStoreName()
    {
        using var j = new StreamJoinDriver((l, r) => l.LeftJoin(r, StreamJoinDriver.Pair, Hundred, StreamJoined.As<string, string, string>("orders")));

        Assert.Equal(["orders-left-shared-join-store", "orders-outer-other-join-store", "orders-this-join-store"],
            j.Driver.GetAllStateStores().Keys.Order(StringComparer.Ordinal));
    }
}
