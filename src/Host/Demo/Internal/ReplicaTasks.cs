using System.Diagnostics.Metrics;
using Pulse.Streams;

namespace Pulse.Host.Demo.Internal;

/// <summary>
/// How many tasks each stream thread of one application holds, read from the engine's own gauge
/// (<see cref="StreamsMetrics.TaskCount"/> on the <see cref="StreamsMetrics.MeterName"/> meter, tagged by
/// thread), as a metrics exporter would see it. Every replica in this process reports through the same meter.
/// </summary>
internal sealed class ReplicaTasks : IDisposable
{
    private readonly string _applicationId;
    private readonly MeterListener _listener = new();
    private readonly Lock _gate = new();
    private Dictionary<string, long> _current = new(StringComparer.Ordinal);
    private Dictionary<string, long> _reading = new(StringComparer.Ordinal);

    public ReplicaTasks(string applicationId)
    {
        _applicationId = applicationId;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == StreamsMetrics.MeterName && instrument.Name == StreamsMetrics.TaskCount) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>(OnMeasurement);
        _listener.Start();
    }

    /// <summary>Tasks per live stream thread of the application, now.</summary>
    public IReadOnlyDictionary<string, long> ByThread()
    {
        lock (_gate)
        {
            _reading = new Dictionary<string, long>(StringComparer.Ordinal);
            _listener.RecordObservableInstruments();
            _current = _reading;
            return _current;
        }
    }

    public void Dispose() => _listener.Dispose();

    private void OnMeasurement(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        string? application = null, thread = null;
        foreach (var tag in tags)
        {
            if (tag.Key == StreamsMetrics.Tags.ApplicationId) application = tag.Value as string;
            else if (tag.Key == StreamsMetrics.Tags.Thread) thread = tag.Value as string;
        }
        if (application == _applicationId && thread is not null) _reading[thread] = value;
    }
}
