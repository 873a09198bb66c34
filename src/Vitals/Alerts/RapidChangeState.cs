namespace Pulse.Vitals.Alerts;

/// <summary>
/// A patient's RAPID_CHANGE state: the heart rate's highs and lows and SpO2's highs over the
/// window, and when each vital last alerted (<see cref="PatientAlertState.NoTime"/> when its
/// cooldown is over or it never alerted).
/// </summary>
internal sealed class RapidChangeState
{
    private const byte HeartRateCooldownFlag = 1, Spo2CooldownFlag = 2;

    public ExtremaWindow HeartRateHighs { get; } = new(largest: true);
    public ExtremaWindow HeartRateLows { get; } = new(largest: false);
    public ExtremaWindow Spo2Highs { get; } = new(largest: true);
    public long HeartRateAlertedAt { get; set; } = PatientAlertState.NoTime;
    public long Spo2AlertedAt { get; set; } = PatientAlertState.NoTime;

    public int MaxEncodedSize => 1 + 2 * StateWriter.MaxVarint + HeartRateHighs.MaxEncodedSize + HeartRateLows.MaxEncodedSize + Spo2Highs.MaxEncodedSize;

    /// <summary>Flags of the cooldowns running, their start times, then the three windows.</summary>
    public void Write(ref StateWriter writer)
    {
        var hr = HeartRateAlertedAt != PatientAlertState.NoTime;
        var spo2 = Spo2AlertedAt != PatientAlertState.NoTime;
        writer.Byte((byte)((hr ? HeartRateCooldownFlag : 0) | (spo2 ? Spo2CooldownFlag : 0)));
        if (hr) writer.Time(HeartRateAlertedAt);
        if (spo2) writer.Time(Spo2AlertedAt);
        HeartRateHighs.Write(ref writer);
        HeartRateLows.Write(ref writer);
        Spo2Highs.Write(ref writer);
    }

    public void Read(ref StateReader reader)
    {
        var flags = reader.Byte();
        HeartRateAlertedAt = (flags & HeartRateCooldownFlag) != 0 ? reader.Time() : PatientAlertState.NoTime;
        Spo2AlertedAt = (flags & Spo2CooldownFlag) != 0 ? reader.Time() : PatientAlertState.NoTime;
        HeartRateHighs.Read(ref reader);
        HeartRateLows.Read(ref reader);
        Spo2Highs.Read(ref reader);
    }
}
