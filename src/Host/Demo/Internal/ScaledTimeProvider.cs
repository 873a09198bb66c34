namespace Pulse.Host.Demo.Internal;

/// <summary>
/// A clock that runs <c>speed</c> times faster than <c>inner</c>, from <c>origin</c>: the demo's
/// simulator runs on it, so the patients' time (the readings' timestamps, which the simulator paces
/// by this clock) goes faster than the wall clock and one-minute windows close, and deteriorations
/// unfold, within seconds. Invariant: at the inner clock's instant t, this clock reads
/// <c>origin + (t − t0) × speed</c>, and its timers fire after 1/speed of the inner time they ask for.
/// </summary>
internal sealed class ScaledTimeProvider : TimeProvider
{
    private readonly TimeProvider _inner;
    private readonly double _speed;
    private readonly DateTimeOffset _origin;
    private readonly long _started;

    public ScaledTimeProvider(TimeProvider inner, double speed, DateTimeOffset origin)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfLessThan(speed, 1);
        _inner = inner;
        _speed = speed;
        _origin = origin;
        _started = inner.GetTimestamp();
    }

    public override TimeZoneInfo LocalTimeZone => _inner.LocalTimeZone;

    public override long TimestampFrequency => _inner.TimestampFrequency;

    public override DateTimeOffset GetUtcNow() => _origin + _inner.GetElapsedTime(_started) * _speed;

    public override long GetTimestamp() => _started + (long)((_inner.GetTimestamp() - _started) * _speed);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new ScaledTimer(_inner.CreateTimer(callback, state, Scale(dueTime), Scale(period)), this);

    private TimeSpan Scale(TimeSpan span) => span == Timeout.InfiniteTimeSpan ? span : span / _speed;

    private sealed class ScaledTimer(ITimer inner, ScaledTimeProvider clock) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(clock.Scale(dueTime), clock.Scale(period));

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
