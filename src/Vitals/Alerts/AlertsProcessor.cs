using pulse.vitals;
using Pulse.Streams.Processor;
using Pulse.Streams.State;

namespace Pulse.Vitals.Alerts;

/// <summary>
/// Runs the three trend rules over each patient's readings, in event time (the reading's own
/// timestamp). Per reading: one get and one put of the patient's <see cref="PatientAlertState"/>
/// (the cached instance is changed in place and put back), then the alert events are forwarded,
/// stamped with the reading's event time.
/// <para>Out-of-order readings: a reading older than the latest one processed for its patient (the
/// state's watermark) is skipped by every rule: it changes no state and raises nothing, so episodes
/// follow the patient's newest information. Readings at the same time are all processed.</para>
/// </summary>
internal sealed class AlertsProcessor(News2Rule news2, SustainedRule sustained, RapidChangeRule rapidChange)
    : IFixedKeyProcessor<string, EnrichedReading, Alert>
{
    private readonly List<Alert> _alerts = [];
    private IFixedKeyProcessorContext<string, Alert> _context = null!;
    private IKeyValueStore<string, PatientAlertState> _store = null!;

    public void Init(IFixedKeyProcessorContext<string, Alert> context)
    {
        _context = context;
        _store = context.GetStateStore<IKeyValueStore<string, PatientAlertState>>(AlertsStage.StoreName);
    }

    public void Process(FixedKeyRecord<string, EnrichedReading> record)
    {
        if (record.Key is null || record.Value?.reading is null) return;
        var time = AlertEvents.ToMillis(record.Value.reading.timestamp);
        var state = _store.Get(record.Key) ?? new PatientAlertState();
        if (state.Watermark != PatientAlertState.NoTime && time < state.Watermark) return;
        state.Watermark = time;

        var input = new RuleInput(record.Key, record.Value, time);
        news2.Apply(input, state.News2, _alerts);
        sustained.Apply(input, state.Sustained, _alerts);
        rapidChange.Apply(input, state.RapidChange, _alerts);
        _store.Put(record.Key, state);

        if (_alerts.Count == 0) return;
        foreach (var alert in _alerts) _context.Forward(new FixedKeyRecord<string, Alert>(record.Key, alert, time, record.Headers));
        _alerts.Clear();
    }
}
