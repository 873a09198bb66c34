using pulse.vitals;

namespace Pulse.Vitals.Alerts;

/// <summary>
/// The SUSTAINED rule, per vital: a vital critical (CRITICAL_LOW or CRITICAL_HIGH) in every reading
/// for at least <see cref="AlertOptions.SustainedMinDuration"/> (first to latest critical reading) and
/// in at least <see cref="AlertOptions.SustainedMinReadings"/> readings raises a CRITICAL episode,
/// starting at the run's first reading. It RESOLVES on a reading with a non-critical value of the vital
/// at least <see cref="AlertOptions.SustainedResolveAfter"/> after its last critical one. A reading
/// without the vital neither extends nor breaks a run, nor resolves (a detached sensor is no recovery).
/// <para>Holds only settings (each patient's state is passed in), so one instance serves every task.</para>
/// </summary>
internal sealed class SustainedRule(AlertOptions options)
{
    private readonly long _minDurationMs = (long)options.SustainedMinDuration.TotalMilliseconds;
    private readonly int _minReadings = options.SustainedMinReadings;
    private readonly long _resolveAfterMs = (long)options.SustainedResolveAfter.TotalMilliseconds;

    public void Apply(in RuleInput input, SustainedState state, List<Alert> output)
    {
        for (var i = 0; i < VitalFields.Count; i++)
        {
            var vital = (Vital)i;
            var status = VitalFields.Status(input.Enriched, vital);
            if (status is null) continue;
            ref var run = ref state[vital];
            if (VitalFields.IsCritical(status)) Critical(input, vital, status.Value, ref run, output);
            else NotCritical(input, vital, ref run, output);
        }
    }

    private void Critical(in RuleInput input, Vital vital, VitalStatus status, ref VitalRun run, List<Alert> output)
    {
        if (run.RunCount == 0) run.RunStart = input.Time;
        if (run.RunCount < int.MaxValue) run.RunCount++;
        run.LastCritical = input.Time;
        var duration = input.Time - run.RunStart;
        if (run.Open || run.RunCount < _minReadings || duration < _minDurationMs) return;
        run.Open = true;
        run.EpisodeStart = run.RunStart;
        var alert = AlertEvents.Create(input, AlertRule.SUSTAINED, vital, AlertSeverity.CRITICAL, AlertState.RAISED, run.EpisodeStart,
            AlertMessages.SustainedRaised(input, vital, status, duration, run.RunCount), VitalTrigger(input, vital));
        alert.trigger_values["readings"] = run.RunCount;
        alert.trigger_values["duration_seconds"] = duration / 1000.0;
        output.Add(alert);
    }

    private void NotCritical(in RuleInput input, Vital vital, ref VitalRun run, List<Alert> output)
    {
        run.RunCount = 0;
        if (!run.Open) return;
        var calm = input.Time - run.LastCritical;
        if (calm < _resolveAfterMs) return;
        var alert = AlertEvents.Create(input, AlertRule.SUSTAINED, vital, AlertSeverity.CRITICAL, AlertState.RESOLVED, run.EpisodeStart,
            AlertMessages.SustainedResolved(input, vital, calm), VitalTrigger(input, vital));
        alert.trigger_values["seconds_since_critical"] = calm / 1000.0;
        output.Add(alert);
        run = default;
    }

    private static Dictionary<string, double> VitalTrigger(in RuleInput input, Vital vital)
    {
        var values = new Dictionary<string, double>(4, StringComparer.Ordinal);
        if (VitalFields.Value(input.Reading, vital) is { } value) values[VitalFields.Name(vital)] = value;
        return values;
    }
}
