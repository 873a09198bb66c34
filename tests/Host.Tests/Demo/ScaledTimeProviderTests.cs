using Microsoft.Extensions.Time.Testing;
using Pulse.Host.Demo.Internal;

namespace Pulse.Host.Tests.Demo;

/// <summary>The demo's patient clock: <c>speed</c> times the wall clock, from its origin, timers included.</summary>
public sealed class ScaledTimeProviderTests
{
    private static readonly DateTimeOffset Origin = new(2026, 11, 23, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Time_RunsSpeedTimesFasterFromTheOrigin()
    {
        var wall = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
        var clock = new ScaledTimeProvider(wall, 5, Origin);
        var started = clock.GetTimestamp();

        wall.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(Origin.AddSeconds(10), clock.GetUtcNow());
        Assert.Equal(TimeSpan.FromSeconds(10), clock.GetElapsedTime(started));
    }

    [Fact]
    public void Timer_FiresAfterAFifthOfTheWallTimeItAsksFor_AndKeepsItsPeriod()
    {
        var wall = new FakeTimeProvider();
        var clock = new ScaledTimeProvider(wall, 5, Origin);
        var ticks = 0;
        using var timer = clock.CreateTimer(_ => ticks++, null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));

        wall.Advance(TimeSpan.FromSeconds(1.9));
        Assert.Equal(0, ticks);
        wall.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal(1, ticks);
        wall.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(2, ticks);

        timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        wall.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(2, ticks);
    }

    [Fact]
    public void SlowerThanTheWallClock_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ScaledTimeProvider(TimeProvider.System, 0.5, Origin));
    }
}
