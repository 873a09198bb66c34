using Microsoft.Extensions.Time.Testing;
using Pulse.Host.Simulator.Internal;

namespace Pulse.Host.Tests.Simulator;

/// <summary>The pacer on a fake clock: time moves only when a test advances it; nothing here sleeps.</summary>
public class PacerTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task FirstItem_GoesAtOnce()
    {
        using var pacer = new Pacer(10, new FakeTimeProvider());

        Assert.Equal(1, await pacer.WaitAsync().AsTask().WaitAsync(Deadline));
    }

    [Fact]
    public async Task NextItem_WaitsForItsSlot()
    {
        var time = new FakeTimeProvider();
        using var pacer = new Pacer(10, time);
        await pacer.WaitAsync();

        var next = pacer.WaitAsync().AsTask();
        time.Advance(TimeSpan.FromMilliseconds(99));
        Assert.False(next.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(1, await next.WaitAsync(Deadline));
        Assert.Equal(2, pacer.Released);
    }

    [Fact]
    public async Task Items_AreSpreadEvenlyAtTheRate()
    {
        var time = new FakeTimeProvider();
        using var pacer = new Pacer(4, time); // one every 250 ms
        await pacer.WaitAsync();

        for (var i = 1; i <= 8; i++)
        {
            var wait = pacer.WaitAsync().AsTask();
            time.Advance(TimeSpan.FromMilliseconds(125));
            Assert.False(wait.IsCompleted, $"item {i} went early");
            time.Advance(TimeSpan.FromMilliseconds(125));
            Assert.Equal(1, await wait.WaitAsync(Deadline));
        }
        Assert.Equal(9, pacer.Released);
    }

    [Fact]
    public async Task AfterAStall_ItemsThatFellDue_AreReleasedTogether()
    {
        var time = new FakeTimeProvider();
        using var pacer = new Pacer(10, time);
        await pacer.WaitAsync();

        time.Advance(TimeSpan.FromSeconds(5)); // the producer was stuck for five seconds
        Assert.Equal(50, await pacer.WaitAsync().AsTask().WaitAsync(Deadline));

        var next = pacer.WaitAsync().AsTask();
        Assert.False(next.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(1, await next.WaitAsync(Deadline));
    }

    [Fact]
    public async Task HighRates_ReleaseSmallBatchesPerMillisecondTick()
    {
        var time = new FakeTimeProvider();
        using var pacer = new Pacer(20_000, time);
        await pacer.WaitAsync();

        var next = pacer.WaitAsync().AsTask();
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(20, await next.WaitAsync(Deadline));
    }

    [Fact]
    public async Task FractionalRates_KeepTheirCountOverALongRun()
    {
        var time = new FakeTimeProvider();
        using var pacer = new Pacer(7.5, time);
        await pacer.WaitAsync();

        time.Advance(TimeSpan.FromSeconds(60));
        await pacer.WaitAsync().AsTask().WaitAsync(Deadline);

        Assert.Equal(451, pacer.Released); // 7.5 × 60 after the first, which went at 0
    }

    [Fact]
    public async Task CancellingAWait_Throws()
    {
        var time = new FakeTimeProvider();
        using var pacer = new Pacer(1, time);
        await pacer.WaitAsync();
        using var cancel = new CancellationTokenSource();

        var wait = pacer.WaitAsync(cancel.Token).AsTask();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(Deadline));
    }
}
