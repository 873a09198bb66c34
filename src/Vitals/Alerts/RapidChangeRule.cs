using pulse.vitals;

namespace Pulse.Vitals.Alerts;

/// <summary>
/// The RAPID_CHANGE rule: a heart rate at least <see cref="AlertOptions.RapidHeartRateChange"/> bpm
/// above or below any heart rate of the last <see cref="AlertOptions.RapidChangeWindow"/> (inclusive),
/// or an SpO2 at least <see cref="AlertOptions.RapidSpo2Drop"/> points below any SpO2 of the window,
/// raises a WARNING; then that vital stays quiet for <see cref="AlertOptions.RapidChangeCooldown"/>.
/// A rapid change is a one-shot event: RAISED only, its episode is the reading itself, and it never
/// RESOLVES (what follows it is the NEWS2 and SUSTAINED rules' business; the cooldown keeps it from repeating).
/// <para>Holds only settings (each patient's state is passed in), so one instance serves every task.</para>
/// </summary>
internal sealed class RapidChangeRule(AlertOptions options)
{
    private readonly long _windowMs = (long)options.RapidChangeWindow.TotalMilliseconds;
    private readonly long _cooldownMs = (long)options.RapidChangeCooldown.TotalMilliseconds;
    private readonly int _heartRateChange = options.RapidHeartRateChange;
    private readonly int _spo2Drop = options.RapidSpo2Drop;

    public void Apply(in RuleInput input, RapidChangeState state, List<Alert> output)
    {
        var oldest = input.Time - _windowMs;
        if (input.Reading.heart_rate is { } hr)
        {
            state.HeartRateHighs.Expire(oldest);
            state.HeartRateLows.Expire(oldest);
            state.HeartRateAlertedAt = CooledDown(state.HeartRateAlertedAt, input.Time);
            if (state.HeartRateAlertedAt == PatientAlertState.NoTime && HeartRateMove(state, hr) is { } reference)
            {
                output.Add(Event(input, Vital.HeartRate, hr, reference));
                state.HeartRateAlertedAt = input.Time;
            }
            state.HeartRateHighs.Push(input.Time, hr);
            state.HeartRateLows.Push(input.Time, hr);
        }
        if (input.Reading.spo2 is { } spo2)
        {
            state.Spo2Highs.Expire(oldest);
            state.Spo2AlertedAt = CooledDown(state.Spo2AlertedAt, input.Time);
            if (state.Spo2AlertedAt == PatientAlertState.NoTime && state.Spo2Highs.Count > 0 && state.Spo2Highs.FrontValue - spo2 >= _spo2Drop)
            {
                output.Add(Event(input, Vital.Spo2, spo2, (state.Spo2Highs.FrontTime, state.Spo2Highs.FrontValue)));
                state.Spo2AlertedAt = input.Time;
            }
            state.Spo2Highs.Push(input.Time, spo2);
        }
    }

    private long CooledDown(long alertedAt, long now) =>
        alertedAt != PatientAlertState.NoTime && now - alertedAt >= _cooldownMs ? PatientAlertState.NoTime : alertedAt;

    /// <summary>The earlier reading the heart rate moved from (the larger move when it did both), or null.</summary>
    private (long Time, int Value)? HeartRateMove(RapidChangeState state, int hr)
    {
        if (state.HeartRateHighs.Count == 0) return null;
        var fall = state.HeartRateHighs.FrontValue - hr;
        var rise = hr - state.HeartRateLows.FrontValue;
        if (rise >= _heartRateChange && rise >= fall) return (state.HeartRateLows.FrontTime, state.HeartRateLows.FrontValue);
        if (fall >= _heartRateChange) return (state.HeartRateHighs.FrontTime, state.HeartRateHighs.FrontValue);
        return null;
    }

    private static Alert Event(in RuleInput input, Vital vital, int now, (long Time, int Value) before)
    {
        var elapsed = input.Time - before.Time;
        var triggers = new Dictionary<string, double>(4, StringComparer.Ordinal)
        {
            [VitalFields.Name(vital)] = now,
            [VitalFields.Name(vital) + "_before"] = before.Value,
            ["change"] = now - before.Value,
            ["elapsed_seconds"] = elapsed / 1000.0,
        };
        return AlertEvents.Create(input, AlertRule.RAPID_CHANGE, vital, AlertSeverity.WARNING, AlertState.RAISED, input.Time,
            AlertMessages.RapidChange(input, vital, before.Value, now, elapsed), triggers);
    }
}
