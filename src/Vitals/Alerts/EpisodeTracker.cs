using pulse.vitals;

namespace Pulse.Vitals.Alerts;

/// <summary>
/// Keeps a patient's episodes and says what to send. One clinical episode at a time: the first
/// finding to count raises it (RAISED), a higher severity escalates it (ESCALATED), a further finding
/// or one clearing updates it (UPDATED), and it resolves once no finding counts (RESOLVED). A
/// finding counts once it has held for <see cref="AlertOptions.AlarmDelay"/> of event time, or at once
/// when urgent. While CRITICAL and not acknowledged it reminds (REMINDED) every
/// <see cref="AlertOptions.ReminderInterval"/> of wall-clock time, at most <see cref="AlertOptions.MaxReminders"/>
/// times. An acknowledgement covers the severity it was given at: an escalation above it needs another.
/// A technical episode (NO_DATA) opens when a patient's records stop and resolves on the next one.
/// <para>Holds only settings, so one instance serves every task.</para>
/// </summary>
internal sealed class EpisodeTracker(AlertOptions options, IReadOnlyList<IAlertRule> rules)
{
    private readonly Dictionary<string, int> _ruleIndex = rules.Select((rule, i) => (rule.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
    /// <summary>The rule name of the technical finding.</summary>
    public const string NoDataRule = "NO_DATA";

    private readonly long _alarmDelayMs = Ms(options.AlarmDelay);
    private readonly long _reminderMs = Ms(options.ReminderInterval);
    private readonly int _maxReminders = options.MaxReminders;
    private readonly long _noDataMs = Ms(options.NoDataTimeout);

    /// <summary>Applies what the rules observed in one reading; returns the event to send, or null.</summary>
    public Alert? Apply(PatientAlertState state, in RuleInput input, List<Observation> observations, long wallNow)
    {
        var time = input.Time;
        Finding? added = null;
        List<Finding>? cleared = null;
        var changed = false;
        for (var i = 0; i < observations.Count; i++)
        {
            var observation = observations[i];
            if (observation.Kind != ObservationKind.Holds && state.Findings.Count == 0) continue;
            var finding = state.Find(observation.Rule.Name, observation.Vital);
            switch (observation.Kind)
            {
                case ObservationKind.Holds:
                    finding ??= Candidate(state, observation, time);
                    if (Hold(finding, observation, time))
                    {
                        added ??= finding;
                        changed = true;
                    }
                    break;
                case ObservationKind.Sustains when finding is { Counted: true }:
                    finding.LastHeld = time;
                    finding.Pending = null;
                    break;
                case ObservationKind.NotHolding when finding is not null:
                    finding.Pending = null;
                    if (finding.Counted && time - finding.LastHeld < Ms(observation.Rule.ClearAfter)) break;
                    state.Findings.Remove(finding);
                    if (!finding.Counted) break;
                    (cleared ??= []).Add(finding);
                    changed = true;
                    break;
            }
        }
        return Decide(state, input, wallNow, added, cleared ?? NoneCleared, changed);
    }

    private static readonly List<Finding> NoneCleared = []; // read only: most readings clear nothing, and allocate no list for it

    /// <summary>A REMINDED event when one is due at <paramref name="wallNow"/>, or null.</summary>
    public Alert? Remind(string patientId, PatientAlertState state, long wallNow)
    {
        if (state.Clinical is not { } episode || episode.NextReminder == PatientAlertState.NoTime || wallNow < episode.NextReminder) return null;
        episode.Reminders++;
        episode.Sequence++;
        episode.NextReminder = episode.Reminders < _maxReminders ? wallNow + _reminderMs : PatientAlertState.NoTime;
        var counted = Counted(state);
        return AlertEvents.Create(patientId, state, episode, AlertState.REMINDED, wallNow,
            AlertMessages.Reminded(patientId, episode.Reminders, _maxReminders, episode.Reminders * _reminderMs, counted), counted);
    }

    /// <summary>Acknowledges the episode <paramref name="ack"/> names (or the open clinical one, else the technical one); the ACKNOWLEDGED event, or null when there is nothing new to acknowledge.</summary>
    public Alert? Acknowledge(string patientId, PatientAlertState state, AlertAck ack, long time)
    {
        var episode = ack.episode_id is null
            ? state.Clinical ?? state.Technical
            : new[] { state.Clinical, state.Technical }.FirstOrDefault(e => e is not null && e.Id(patientId) == ack.episode_id);
        if (episode is null || (episode.Acknowledged && episode.AcknowledgedSeverity >= episode.Severity)) return null;
        var by = string.IsNullOrWhiteSpace(ack.acknowledged_by) ? "unknown" : ack.acknowledged_by.Trim();
        episode.Acknowledge(by, time);
        episode.Sequence++;
        return AlertEvents.Create(patientId, state, episode, AlertState.ACKNOWLEDGED, time, AlertMessages.Acknowledged(patientId, by, ack.note),
            Findings(state, episode, time));
    }

    /// <summary>
    /// Raises NO_DATA when the patient's records stopped <see cref="AlertOptions.NoDataTimeout"/> or more
    /// ago, counting the silence from <paramref name="floor"/> at the earliest; the event, or null.
    /// </summary>
    public Alert? NoData(string patientId, PatientAlertState state, long wallNow, long floor)
    {
        if (state.Technical is not null || state.LastSeen == PatientAlertState.NoTime || wallNow - Math.Max(state.LastSeen, floor) < _noDataMs) return null;
        var episode = new Episode(EpisodeKind.TECHNICAL, wallNow, AlertSeverity.WARNING);
        state.Technical = episode;
        return AlertEvents.Create(patientId, state, episode, AlertState.RAISED, wallNow,
            AlertMessages.NoData(patientId, state.DeviceId, wallNow - state.LastSeen), Findings(state, episode, wallNow));
    }

    /// <summary>A record of the patient arrived: resolves NO_DATA (the event, or null).</summary>
    public static Alert? DataArrived(string patientId, PatientAlertState state, long time, long wallNow)
    {
        if (state.Technical is not { } episode) return null;
        var findings = Findings(state, episode, wallNow);
        episode.Sequence++;
        state.Technical = null;
        return AlertEvents.Create(patientId, state, episode, AlertState.RESOLVED, time, AlertMessages.DataBack(patientId, wallNow - state.LastSeen), findings);
    }

    /// <summary>Closes every open episode (discharge, or a patient forgotten): their RESOLVED events.</summary>
    public static List<Alert> CloseAll(string patientId, PatientAlertState state, long time, string why)
    {
        var events = new List<Alert>(2);
        foreach (var episode in new[] { state.Clinical, state.Technical })
        {
            if (episode is null) continue;
            var findings = Findings(state, episode, time);
            episode.Sequence++;
            events.Add(AlertEvents.Create(patientId, state, episode, AlertState.RESOLVED, time, AlertMessages.Closed(patientId, why), findings));
        }
        (state.Clinical, state.Technical) = (null, null);
        return events;
    }

    /// <summary>The next wall-clock time a reminder or NO_DATA may be due for the patient (silence counted from <paramref name="floor"/> at the earliest), or <see cref="long.MaxValue"/>.</summary>
    public long NextDue(PatientAlertState state, long floor)
    {
        var due = long.MaxValue;
        if (state.Clinical is { NextReminder: not PatientAlertState.NoTime } clinical) due = clinical.NextReminder;
        if (state.Technical is null && state.LastSeen != PatientAlertState.NoTime) due = Math.Min(due, Math.Max(state.LastSeen, floor) + _noDataMs);
        return due;
    }

    private static Finding Candidate(PatientAlertState state, in Observation observation, long time)
    {
        var since = Math.Min(observation.Since ?? time, time);
        var finding = new Finding(observation.Rule.Name, observation.Vital) { Since = since, PendingSince = since };
        state.Findings.Add(finding);
        return finding;
    }

    /// <summary>Records that the finding holds at <paramref name="time"/>; true when it counts for the first time or higher than before.</summary>
    private bool Hold(Finding finding, in Observation observation, long time)
    {
        if (finding.Level is { } level && observation.Severity <= level) finding.Pending = null;
        else if (finding.Pending is null)
        {
            finding.Pending = observation.Severity;
            finding.PendingSince = finding.Counted ? time : finding.Since;
        }
        else finding.Pending = observation.Severity;
        (finding.LastHeld, finding.HeldAt) = (time, time);
        if (finding.Pending is not { } pending || (!observation.Urgent && time - finding.PendingSince < _alarmDelayMs)) return false;
        if (!finding.Counted) finding.ConfirmedAt = time;
        (finding.Level, finding.Pending) = (pending, null);
        return true;
    }

    private Alert? Decide(PatientAlertState state, in RuleInput input, long wallNow, Finding? added, List<Finding> cleared, bool changed)
    {
        if (state.Clinical is null && state.Findings.Count == 0) return null;
        var patient = input.PatientId;
        var (count, highest) = Tally(state);
        var episode = state.Clinical;
        if (episode is null)
        {
            if (count == 0) return null;
            episode = new Episode(EpisodeKind.CLINICAL, input.Time, highest);
            state.Clinical = episode;
            state.SetLatest(input.Enriched);
            if (episode.Severity == AlertSeverity.CRITICAL) ScheduleReminder(episode, wallNow);
            var raised = Described(state, input);
            return AlertEvents.Create(patient, state, episode, AlertState.RAISED, input.Time, AlertMessages.Raised(patient, raised), raised);
        }
        state.SetLatest(input.Enriched);
        if (count == 0)
        {
            episode.Sequence++;
            var resolved = AlertEvents.Create(patient, state, episode, AlertState.RESOLVED, input.Time,
                AlertMessages.Resolved(patient, episode.Start, cleared), cleared);
            state.Clinical = null;
            state.SetLatest(null);
            return resolved;
        }
        if (highest > episode.Severity)
        {
            episode.Severity = highest;
            episode.Sequence++;
            if (episode.Acknowledged && episode.AcknowledgedSeverity < highest) episode.AcknowledgedBy = null;
            if (highest == AlertSeverity.CRITICAL) ScheduleReminder(episode, wallNow);
            var escalated = Described(state, input);
            return AlertEvents.Create(patient, state, episode, AlertState.ESCALATED, input.Time, AlertMessages.Escalated(patient, highest, escalated), escalated);
        }
        if (!changed) return null;
        episode.Sequence++;
        var updated = Described(state, input);
        return AlertEvents.Create(patient, state, episode, AlertState.UPDATED, input.Time, AlertMessages.Updated(patient, added, cleared, updated), updated);
    }

    /// <summary>How many findings count, and the highest severity among them (without allocating).</summary>
    private static (int Count, AlertSeverity Highest) Tally(PatientAlertState state)
    {
        var (count, highest) = (0, AlertSeverity.WARNING);
        foreach (var finding in state.Findings)
        {
            if (finding.Level is not { } level) continue;
            count++;
            if (level > highest) highest = level;
        }
        return (count, highest);
    }

    /// <summary>The counted findings in event order, those that held in this reading described afresh.</summary>
    private List<Finding> Described(PatientAlertState state, in RuleInput input)
    {
        var counted = Counted(state);
        Describe(state, input, counted);
        return counted;
    }

    /// <summary>Has each finding that held in this reading described by its rule, for the event about to be sent.</summary>
    private void Describe(PatientAlertState state, in RuleInput input, List<Finding> findings)
    {
        foreach (var finding in findings)
        {
            if (finding.HeldAt != input.Time || !_ruleIndex.TryGetValue(finding.Rule, out var index)) continue;
            var text = rules[index].Describe(input, state.Rules[index], finding.Vital);
            (finding.Message, finding.Values) = (text.Message, text.Values);
        }
    }

    private void ScheduleReminder(Episode episode, long wallNow) =>
        episode.NextReminder = !episode.Acknowledged && episode.Reminders < _maxReminders ? wallNow + _reminderMs : PatientAlertState.NoTime;

    /// <summary>The findings that count, in event order (<see cref="Finding.Compare"/>).</summary>
    private static List<Finding> Counted(PatientAlertState state)
    {
        var counted = new List<Finding>(state.Findings.Count);
        foreach (var finding in state.Findings)
            if (finding.Counted) counted.Add(finding);
        counted.Sort(Finding.Compare);
        return counted;
    }

    /// <summary>What an event of <paramref name="episode"/> carries: the counted findings, or for a technical episode its NO_DATA finding.</summary>
    private static List<Finding> Findings(PatientAlertState state, Episode episode, long time)
    {
        if (episode.Kind == EpisodeKind.CLINICAL) return Counted(state);
        var silentMs = time - state.LastSeen;
        return
        [
            new Finding(NoDataRule, null)
            {
                Level = AlertSeverity.WARNING, Since = state.LastSeen, ConfirmedAt = episode.Start, LastHeld = time,
                Message = AlertMessages.Silent(state.DeviceId, silentMs),
                Values = new Dictionary<string, double>(1, StringComparer.Ordinal) { ["silent_seconds"] = silentMs / 1000.0 },
            },
        ];
    }

    private static long Ms(TimeSpan span) => (long)span.TotalMilliseconds;
}
