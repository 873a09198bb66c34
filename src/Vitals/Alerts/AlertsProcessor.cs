using pulse.vitals;
using Pulse.Streams.Processor;
using Pulse.Streams.State;

namespace Pulse.Vitals.Alerts;

/// <summary>
/// The alert stage's processor, per task. A reading runs every rule in event time (the reading's
/// own timestamp) and hands what they observed to the <see cref="EpisodeTracker"/>: one get and one
/// put of the patient's <see cref="PatientAlertState"/> (the cached instance is changed in place).
/// An acknowledgement acknowledges an open episode; a discharge closes the patient's episodes and
/// forgets them (this store and the <see cref="PatientStore"/>s given). A wall-clock punctuation
/// every <see cref="AlertOptions.CheckInterval"/> sends what is due without any input: reminders,
/// NO_DATA, and forgetting patients silent for <see cref="AlertOptions.ForgetAfter"/>.
/// <para>Out-of-order readings: a reading older than the latest one processed for its patient (the
/// watermark) is shown to no rule, so episodes follow the patient's newest information; it still
/// counts as data from the patient (NO_DATA).</para>
/// </summary>
internal sealed class AlertsProcessor(AlertsStageSettings settings) : IFixedKeyProcessor<string, AlertInput, Alert>
{
    private readonly AlertObservations _observations = new();
    private readonly PatientWatch _watch = new();
    private readonly List<Action<string>> _forget = [];
    private IFixedKeyProcessorContext<string, Alert> _context = null!;
    private IKeyValueStore<string, PatientAlertState> _store = null!;

    private IReadOnlyList<IAlertRule> Rules => settings.Rules;
    private EpisodeTracker Tracker => settings.Tracker;

    public void Init(IFixedKeyProcessorContext<string, Alert> context)
    {
        _context = context;
        _store = context.GetStateStore<IKeyValueStore<string, PatientAlertState>>(AlertsStage.StoreName);
        foreach (var store in settings.AlsoForget) _forget.Add(store.Bind(context));
        context.Schedule(settings.CheckInterval, PunctuationType.WallClockTime, Punctuate);
    }

    public void Process(FixedKeyRecord<string, AlertInput> record)
    {
        if (record.Key is not { } patient) return;
        var input = record.Value;
        if (input.Reading?.reading is not null) Reading(patient, input.Reading);
        else if (input.Ack is { } ack) Acknowledge(patient, ack, record.Timestamp);
        else if (input.Discharge is { } discharge) Forget(patient, _store.Get(patient), AlertEvents.ToMillis(discharge.timestamp), "patient discharged");
    }

    private void Reading(string patient, EnrichedReading enriched)
    {
        var wallNow = _context.CurrentSystemTimeMs;
        var time = AlertEvents.ToMillis(enriched.reading.timestamp);
        var state = _store.Get(patient) ?? settings.Serde.New();
        Send(patient, EpisodeTracker.DataArrived(patient, state, time, wallNow), time);
        state.LastSeen = wallNow;
        state.DeviceId = enriched.reading.device_id ?? state.DeviceId;
        if (state.Watermark == PatientAlertState.NoTime || time >= state.Watermark)
        {
            state.Watermark = time;
            var input = new RuleInput(patient, enriched, time);
            _observations.Clear();
            for (var i = 0; i < Rules.Count; i++)
            {
                _observations.Rule = Rules[i];
                Rules[i].Evaluate(input, state.Rules[i], _observations);
            }
            Send(patient, Tracker.Apply(state, input, _observations.Items, wallNow), time);
        }
        _store.Put(patient, state);
        Watch(patient, state);
    }

    private void Acknowledge(string patient, AlertAck ack, long recordTime)
    {
        if (_store.Get(patient) is not { } state) return;
        var time = ack.timestamp == default ? recordTime : AlertEvents.ToMillis(ack.timestamp);
        if (Tracker.Acknowledge(patient, state, ack, time) is not { } acknowledged) return;
        _store.Put(patient, state);
        Send(patient, acknowledged, time);
        Watch(patient, state);
    }

    private void Forget(string patient, PatientAlertState? state, long time, string why)
    {
        if (state is not null)
            foreach (var closed in EpisodeTracker.CloseAll(patient, state, time, why)) Send(patient, closed, time);
        _store.Delete(patient);
        foreach (var forget in _forget) forget(patient);
        _watch.Remove(patient);
    }

    private void Punctuate(long now)
    {
        if (!_watch.Built) BuildWatch(now);
        foreach (var patient in _watch.Due(now))
        {
            var floor = _watch[patient].NoDataFloor;
            if (_store.Get(patient) is not { } state)
            {
                _watch.Remove(patient);
                continue;
            }
            if (now - state.LastSeen >= settings.ForgetAfterMs)
            {
                Forget(patient, state, now, $"no readings for {AlertMessages.Duration(now - state.LastSeen)}: patient forgotten");
                continue;
            }
            var reminder = Tracker.Remind(patient, state, now);
            var noData = Tracker.NoData(patient, state, now, floor);
            if (reminder is not null || noData is not null) _store.Put(patient, state);
            Send(patient, reminder, now);
            Send(patient, noData, now);
            Watch(patient, state, floor);
        }
    }

    /// <summary>Indexes the patients of the task's store (restored by now), each with a full NO_DATA timeout from <paramref name="now"/>.</summary>
    private void BuildWatch(long now)
    {
        foreach (var (patient, state) in _store.All())
            _watch.AddBuilt(patient, Due(state, now), now);
        _watch.MarkBuilt();
    }

    private void Watch(string patient, PatientAlertState state, long floor = PatientAlertState.NoTime) =>
        _watch.Set(patient, Due(state, floor), floor);

    private long Due(PatientAlertState state, long floor)
    {
        var forgetAt = state.LastSeen == PatientAlertState.NoTime ? long.MaxValue : state.LastSeen + settings.ForgetAfterMs;
        return Math.Min(Tracker.NextDue(state, floor), forgetAt);
    }

    private void Send(string patient, Alert? alert, long time)
    {
        if (alert is not null) _context.Forward(new FixedKeyRecord<string, Alert>(patient, alert, time));
    }
}
