namespace Pulse.Host.Simulator.Internal;

/// <summary>
/// Spreads items evenly over time at a rate, on a <see cref="PeriodicTimer"/> of the injected
/// <see cref="TimeProvider"/>: item k (from 0) is due <c>k / rate</c> seconds after the pacer was
/// created. Invariant: after <see cref="WaitAsync"/> returns, <see cref="Released"/> is the number of
/// items due by the clock (the first is due at once). After a stall (a slow broker, a pause) the
/// items that fell due meanwhile are released together, so the run catches up to its rate rather
/// than falling behind for good.
/// </summary>
internal sealed class Pacer : IDisposable
{
    private static readonly TimeSpan FinestTick = TimeSpan.FromMilliseconds(1);
    private static readonly TimeSpan CoarsestTick = TimeSpan.FromMilliseconds(100);

    private readonly double _rate;
    private readonly TimeProvider _time;
    private readonly long _started;
    private readonly PeriodicTimer _timer;

    public Pacer(double ratePerSecond, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ratePerSecond);
        _rate = ratePerSecond;
        _time = time;
        _started = time.GetTimestamp();
        // One tick per item at low rates; at high rates a tick releases a small batch.
        var tick = TimeSpan.FromSeconds(1 / ratePerSecond);
        _timer = new PeriodicTimer(tick < FinestTick ? FinestTick : tick > CoarsestTick ? CoarsestTick : tick, time);
    }

    /// <summary>Items released so far.</summary>
    public long Released { get; private set; }

    /// <summary>Waits until at least one more item is due; returns how many are newly due (more than one after a stall).</summary>
    public async ValueTask<long> WaitAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var due = Due();
            if (due > Released)
            {
                var released = due - Released;
                Released = due;
                return released;
            }
            if (!await _timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
                throw new ObjectDisposedException(nameof(Pacer));
        }
    }

    public void Dispose() => _timer.Dispose();

    private long Due() => (long)Math.Floor(_time.GetElapsedTime(_started).TotalSeconds * _rate + 1e-9) + 1;
}
