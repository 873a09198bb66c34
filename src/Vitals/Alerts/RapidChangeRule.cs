using pulse.vitals;

namespace Pulse.Vitals.Alerts;

/// <summary>
/// RAPID_CHANGE, for heart rate and SpO2: a heart rate at least <see cref="AlertOptions.RapidHeartRateChange"/>
/// bpm above or below the patient's rolling mean, or an SpO2 at least <see cref="AlertOptions.RapidSpo2Drop"/>
/// points below it (a rise never counts), holds as a WARNING, once the rolling window has at least
/// <see cref="AlertOptions.RapidChangeMinReadings"/> readings. The rolling mean is the enrichment's
/// (the patient's readings of the rolling window, this one included), so one stray value barely moves
/// the reference: the spike itself holds for one reading (which the alarm delay ignores) and the
/// readings after it do not. It clears after <see cref="AlertOptions.RapidChangeResolveAfter"/> without.
/// Keeps no state.
/// </summary>
internal sealed class RapidChangeRule(AlertOptions options) : IAlertRule
{
    private readonly int _heartRateChange = options.RapidHeartRateChange;
    private readonly int _spo2Drop = options.RapidSpo2Drop;
    private readonly int _minReadings = options.RapidChangeMinReadings;

    public string Name => "RAPID_CHANGE";

    public TimeSpan ClearAfter { get; } = options.RapidChangeResolveAfter;

    public byte StateVersion => 0;

    public IAlertRuleState? NewState() => null;

    public IAlertRuleState ReadState(ref AlertStateReader reader) => throw new NotSupportedException("RAPID_CHANGE keeps no state.");

    public void Evaluate(in RuleInput input, IAlertRuleState? state, AlertObservations observations)
    {
        var enriched = input.Enriched;
        if (enriched.rolling_count < _minReadings) return;
        if (input.Reading.heart_rate is { } hr && enriched.rolling_heart_rate_mean is { } hrMean)
        {
            if (Math.Abs(hr - hrMean) >= _heartRateChange) observations.Holds(HeartRate, AlertSeverity.WARNING);
            else observations.NotHolding(HeartRate);
        }
        if (input.Reading.spo2 is { } spo2 && enriched.rolling_spo2_mean is { } spo2Mean)
        {
            if (spo2Mean - spo2 >= _spo2Drop) observations.Holds(Spo2, AlertSeverity.WARNING);
            else observations.NotHolding(Spo2);
        }
    }

    public FindingText Describe(in RuleInput input, IAlertRuleState? state, string? vital)
    {
        var (which, now, mean) = vital == Spo2
            ? (Vital.Spo2, input.Reading.spo2 ?? 0, input.Enriched.rolling_spo2_mean ?? 0)
            : (Vital.HeartRate, input.Reading.heart_rate ?? 0, input.Enriched.rolling_heart_rate_mean ?? 0);
        var name = VitalFields.Name(which);
        return new FindingText(AlertMessages.RapidChange(which, now, mean), new Dictionary<string, double>(3, StringComparer.Ordinal)
        {
            [name] = now,
            [name + "_rolling_mean"] = Math.Round(mean, 1),
            ["change"] = Math.Round(now - mean, 1),
        });
    }

    private static readonly string HeartRate = VitalFields.Name(Vital.HeartRate), Spo2 = VitalFields.Name(Vital.Spo2);
}
