using pulse.vitals;

namespace Pulse.Vitals.Clinical;

/// <summary>
/// Per-vital statuses: from a NEWS2 sub-score (0 NORMAL, 1–2 WARNING, 3 CRITICAL on the side of
/// the band), and glucose from its own bands. The low side of a parameter is every band below its
/// 0 band; consciousness other than alert is on the high side, as in the NEWS2 chart.
/// </summary>
public static class VitalStatuses
{
    /// <summary>The status of a NEWS2 sub-score; <paramref name="lowSide"/> says on which side of the 0 band the value lies.</summary>
    public static VitalStatus FromSubScore(int subScore, bool lowSide) => subScore switch
    {
        <= 0 => VitalStatus.NORMAL,
        < 3 => VitalStatus.WARNING,
        _ => lowSide ? VitalStatus.CRITICAL_LOW : VitalStatus.CRITICAL_HIGH,
    };

    /// <summary>Respiration rate's status (low side: ≤ 11).</summary>
    public static VitalStatus Respiration(int breathsPerMinute) =>
        FromSubScore(News2.RespirationScore(breathsPerMinute), breathsPerMinute <= 11);

    /// <summary>SpO2's status (every abnormal band is low).</summary>
    public static VitalStatus Spo2(int percent) => FromSubScore(News2.Spo2Score(percent), true);

    /// <summary>Supplemental oxygen's status: WARNING on oxygen (sub-score 2), else NORMAL.</summary>
    public static VitalStatus Oxygen(bool onOxygen) => FromSubScore(News2.OxygenScore(onOxygen), false);

    /// <summary>Systolic blood pressure's status (low side: ≤ 110).</summary>
    public static VitalStatus Systolic(int mmHg) => FromSubScore(News2.SystolicScore(mmHg), mmHg <= 110);

    /// <summary>Pulse's status (low side: ≤ 50).</summary>
    public static VitalStatus Pulse(int beatsPerMinute) => FromSubScore(News2.PulseScore(beatsPerMinute), beatsPerMinute <= 50);

    /// <summary>Consciousness's status: NORMAL when alert, else CRITICAL_HIGH (the chart's right-hand 3).</summary>
    public static VitalStatus Consciousness(Consciousness level) => FromSubScore(News2.ConsciousnessScore(level), false);

    /// <summary>Temperature's status (low side: ≤ 36.0 °C).</summary>
    public static VitalStatus Temperature(double celsius) => FromSubScore(News2.TemperatureScore(celsius), celsius <= 36.0);

    /// <summary>
    /// Glucose (mg/dL, not part of NEWS2): below 54 CRITICAL_LOW, 54 to below 70 WARNING, 70–180
    /// NORMAL, above 180 to 250 WARNING, above 250 CRITICAL_HIGH.
    /// </summary>
    public static VitalStatus Glucose(double mgPerDl) => mgPerDl switch
    {
        < 54 => VitalStatus.CRITICAL_LOW,
        < 70 => VitalStatus.WARNING,
        <= 180 => VitalStatus.NORMAL,
        <= 250 => VitalStatus.WARNING,
        _ => VitalStatus.CRITICAL_HIGH,
    };

    /// <summary>
    /// The worse of two statuses: CRITICAL beats WARNING beats NORMAL; between the two critical
    /// sides, CRITICAL_HIGH (the later symbol) is reported.
    /// </summary>
    public static VitalStatus Worst(VitalStatus a, VitalStatus b) => a >= b ? a : b;
}
