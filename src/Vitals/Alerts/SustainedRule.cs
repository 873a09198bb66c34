using pulse.vitals;

namespace Pulse.Vitals.Alerts;

/// <summary>
/// SUSTAINED, per vital: a vital critical (CRITICAL_LOW or CRITICAL_HIGH) in every reading for at
/// least <see cref="AlertOptions.SustainedMinDuration"/> (first to latest critical reading) and in at
/// least <see cref="AlertOptions.SustainedMinReadings"/> readings holds as CRITICAL, since the run's
/// first reading. A shorter critical run sustains a finding already counted; a reading with the vital
/// not critical breaks the run and does not hold (the finding clears <see cref="AlertOptions.SustainedResolveAfter"/>
/// after the last critical value); a reading without the vital changes nothing (a detached sensor is no recovery).
/// </summary>
internal sealed class SustainedRule(AlertOptions options) : IAlertRule
{
    private readonly long _minDurationMs = (long)options.SustainedMinDuration.TotalMilliseconds;
    private readonly int _minReadings = options.SustainedMinReadings;

    public string Name => "SUSTAINED";

    public TimeSpan ClearAfter { get; } = options.SustainedResolveAfter;

    public byte StateVersion => 1;

    public IAlertRuleState? NewState() => new SustainedState();

    public IAlertRuleState ReadState(ref AlertStateReader reader) => SustainedState.Read(ref reader);

    public void Evaluate(in RuleInput input, IAlertRuleState? state, AlertObservations observations)
    {
        var runs = (SustainedState)state!;
        for (var i = 0; i < VitalFields.Count; i++)
        {
            var vital = (Vital)i;
            var status = VitalFields.Status(input.Enriched, vital);
            if (status is null) continue;
            ref var run = ref runs[vital];
            var name = VitalFields.Names[i];
            if (!VitalFields.IsCritical(status))
            {
                run = default;
                observations.NotHolding(name);
                continue;
            }
            if (run.Count == 0) run.Start = input.Time;
            if (run.Count < int.MaxValue) run.Count++;
            var duration = input.Time - run.Start;
            if (run.Count < _minReadings || duration < _minDurationMs)
            {
                observations.Sustains(name);
                continue;
            }
            observations.Holds(name, AlertSeverity.CRITICAL, since: run.Start);
        }
    }

    public FindingText Describe(in RuleInput input, IAlertRuleState? state, string? vital)
    {
        var which = VitalFields.Parse(vital!);
        var run = ((SustainedState)state!)[which];
        var duration = input.Time - run.Start;
        var values = new Dictionary<string, double>(3, StringComparer.Ordinal)
        {
            ["readings"] = run.Count,
            ["duration_seconds"] = duration / 1000.0,
        };
        if (VitalFields.Value(input.Reading, which) is { } value) values[vital!] = value;
        var status = VitalFields.Status(input.Enriched, which) ?? VitalStatus.CRITICAL_HIGH;
        return new FindingText(AlertMessages.Sustained(input.Reading, which, status, duration, run.Count), values);
    }
}
