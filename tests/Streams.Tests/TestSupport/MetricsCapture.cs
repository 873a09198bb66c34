using System.Diagnostics.Metrics;

namespace Pulse.Streams.Tests.TestSupport;

/// <summary>
/// Listens to the <see cref="StreamsMetrics.MeterName"/> meter and keeps the measurements of one
/// application id (tests run in parallel, and other applications publish on the same meter):
/// histogram records as they come, observable instruments when <see cref="Observe"/> asks for them.
/// </summary>
internal sealed class MetricsCapture : IDisposable
{
    private readonly string _applicationId;
    private readonly MeterListener _listener = new();
    private readonly Lock _gate = new();
    private readonly Lock _observeGate = new();
    private readonly List<Measured> _recorded = [];
    private List<Measured>? _observing;

    public MetricsCapture(string applicationId)
    {
        _applicationId = applicationId;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == StreamsMetrics.MeterName) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => OnMeasurement(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => OnMeasurement(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => OnMeasurement(i, v, tags));
        _listener.Start();
    }

    /// <summary>One measurement: instrument name, value, tags.</summary>
    public sealed record Measured(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags);

    /// <summary>The values recorded so far on histogram <paramref name="instrument"/>.</summary>
    public IReadOnlyList<Measured> Recorded(string instrument)
    {
        lock (_gate) return _recorded.Where(m => m.Instrument == instrument).ToList();
    }

    /// <summary>Reads every observable instrument now.</summary>
    public Observation Observe()
    {
        lock (_observeGate)
        {
            _observing = [];
            _listener.RecordObservableInstruments();
            var observed = new Observation(_observing);
            _observing = null;
            return observed;
        }
    }

    public void Dispose() => _listener.Dispose();

    private void OnMeasurement(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var dict = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (k, v) in tags) dict[k] = v;
        if (!Equals(dict.GetValueOrDefault(StreamsMetrics.Tags.ApplicationId), _applicationId)) return;
        var measured = new Measured(instrument.Name, value, dict);
        if (instrument.IsObservable)
        {
            _observing?.Add(measured); // only during Observe, on its thread
            return;
        }
        lock (_gate) _recorded.Add(measured);
    }

    /// <summary>The observable instruments' values at one moment.</summary>
    public sealed class Observation(IReadOnlyList<Measured> measurements)
    {
        public IReadOnlyList<Measured> Of(string instrument) => measurements.Where(m => m.Instrument == instrument).ToList();

        /// <summary>The sum over every series of <paramref name="instrument"/>.</summary>
        public long Sum(string instrument) => (long)Of(instrument).Sum(m => m.Value);
    }
}
