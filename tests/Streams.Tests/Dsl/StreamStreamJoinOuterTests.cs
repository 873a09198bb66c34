using Pulse.Streams.Dsl;
using Pulse.Streams.Tests.TestSupport;

namespace Pulse.Streams.Tests.Dsl;

/// <summary>
/// The windowed outer join of two streams, as Kafka ≥ 3.1 (<c>KStreamKStreamOuterJoinTest</c>): a record of either side
/// that meets nothing is emitted with a null other side once its window has closed.
/// </summary>
public class StreamStreamJoinOuterTests
{
    private static readonly JoinWindows Hundred = JoinWindows.OfTimeDifferenceWithNoGrace(TimeSpan.FromMilliseconds(100));

    private static StreamJoinDriver Outer(JoinWindows windows, StoreType storeType = StoreType.InMemory) =>
        new((l, r) => l.OuterJoin(r, StreamJoinDriver.Pair, windows, new StreamJoined<string, string, string>().WithStoreType(storeType)));

    [Theory]
    [InlineData(StoreType.InMemory)]
    [InlineData(StoreType.RocksDb)]
    public void OuterJoin_UnmatchedRecordsOfBothSides_AreEmittedOnceClosed_OldestFirst(StoreType storeType)
    {
        using var j = Outer(Hundred, storeType);

        j.Right.PipeInput("k1", "b", 10);
        j.Left.PipeInput("k0", "A", 0);
        j.Left.PipeInput("k2", "dummy", 110);
        Assert.Equal(["k0:A+null@0"], j.Read());

        j.Right.PipeInput("k3", "dummy", 111);

        Assert.Equal(["k1:null+b@10"], j.Read());
    }

    [Fact]
    public void OuterJoin_MatchInTime_TakesBothRecordsOutOfTheOuterJoinStore()
    {
        using var j = Outer(Hundred);

        j.Left.PipeInput("k", "A", 1000);
        j.Right.PipeInput("k", "a", 1050);
        j.Left.PipeInput("other", "X", 5000);

        Assert.Equal(["k:A+a@1050"], j.Read());
    }

    [Fact]
    public void OuterJoin_AsymmetricWindow_ClosesEachSideAfterItsOwnReach()
    {
        // A left record meets right records up to 100 ms later; a right record meets left records up to 0 ms later.
        using var j = Outer(JoinWindows.OfTimeDifferenceWithNoGrace(TimeSpan.Zero).After(TimeSpan.FromMilliseconds(100)));

        j.Left.PipeInput("k0", "A", 1000);
        j.Right.PipeInput("k1", "b", 1000);
        j.Right.PipeInput("k2", "dummy", 1001);
        Assert.Equal(["k1:null+b@1000"], j.Read());

        j.Left.PipeInput("k3", "dummy", 1101);

        Assert.Equal(["k0:A+null@1000", "k2:null+dummy@1001"], j.Read());
    }

    [Fact]
    public void OuterJoin_NullKeysOnEitherSide_AreJoinedWithNullAtOnce()
    {
        using var j = Outer(Hundred);

        j.Left.PipeInput(null!, "A", 1000);
        j.Right.PipeInput(null!, "a", 1000);

        Assert.Equal([":A+null@1000", ":null+a@1000"], j.Read());
        Assert.Equal(0, j.Driver.Metrics.DroppedRecords);
    }

    [Fact]
    public void OuterJoin_DuplicatesOfBothSides_MeetingLater_EmitNoNullResults()
    {
        using var j = Outer(Hundred);

        j.Left.PipeInput("k", "A0", 0);
        j.Left.PipeInput("k", "A1", 0);
        j.Right.PipeInput("k", "a0", 50);
        j.Right.PipeInput("k", "a1", 50);
        j.Left.PipeInput("other", "X", 1000);
        j.Right.PipeInput("other", "x", 1000);

        Assert.Equal(["k:A0+a0@50", "k:A1+a0@50", "k:A0+a1@50", "k:A1+a1@50", "other:X+x@1000"], j.Read());
    }
}
