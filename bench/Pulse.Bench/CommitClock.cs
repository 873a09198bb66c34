using System.Diagnostics.Metrics;
using Pulse.Streams;

namespace Pulse.Bench;

/// <summary>
/// Wall-clock times (ms) at which the stream threads' commits ended, from the engine's
/// <see cref="StreamsMetrics.CommitDuration"/> histogram (recorded as a commit returns). Under
/// exactly-once a record becomes visible to a read_committed consumer when its transaction
/// commits; the embedded broker shows it earlier (it does not enforce read_committed), so
/// the latency run also reports each record's latency up to the end of the first commit that
/// ended after it was read: an upper bound of what a broker enforcing read_committed would show.
/// </summary>
internal sealed class CommitClock : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<long> _endsMs = [];

    public CommitClock()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == StreamsMetrics.MeterName && instrument.Name == StreamsMetrics.CommitDuration)
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<double>((_, _, _, _) =>
        {
            var now = LatencyRecorder.NowMs();
            lock (_endsMs) _endsMs.Add(now);
        });
        _listener.Start();
    }

    /// <summary>The end of the first commit at or after <paramref name="ms"/>, or null when none ended since.</summary>
    public long? FirstEndAtOrAfter(long ms)
    {
        lock (_endsMs)
        {
            var i = _endsMs.BinarySearch(ms);
            if (i < 0) i = ~i;
            return i < _endsMs.Count ? _endsMs[i] : null;
        }
    }

    public void Dispose() => _listener.Dispose();
}
