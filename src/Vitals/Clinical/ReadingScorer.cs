using pulse.vitals;

namespace Pulse.Vitals.Clinical;

/// <summary>
/// Scores a valid reading: each present vital's status, the worst status, the NEWS2 total over
/// the parameters present, its risk, and whether all seven NEWS2 parameters were there. Absent
/// vitals keep a null status and add nothing. Diastolic pressure has neither score nor status.
/// </summary>
public static class ReadingScorer
{
    /// <summary>Fills the status and NEWS2 fields of <paramref name="into"/> from <paramref name="reading"/>.</summary>
    public static void Score(VitalReading reading, EnrichedReading into)
    {
        ArgumentNullException.ThrowIfNull(reading);
        ArgumentNullException.ThrowIfNull(into);
        var total = 0;
        var parameters = 0;
        var anyThree = false;
        var worst = VitalStatus.NORMAL;

        if (reading.respiratory_rate is int rr)
        {
            var s = News2.RespirationScore(rr);
            into.respiratory_rate_status = Note(s, VitalStatuses.FromSubScore(s, rr <= 11));
        }
        if (reading.spo2 is int spo2)
        {
            var s = News2.Spo2Score(spo2);
            into.spo2_status = Note(s, VitalStatuses.FromSubScore(s, true));
        }
        if (reading.on_oxygen is bool oxygen)
        {
            var s = News2.OxygenScore(oxygen);
            into.oxygen_status = Note(s, VitalStatuses.FromSubScore(s, false));
        }
        if (reading.systolic_bp is int systolic)
        {
            var s = News2.SystolicScore(systolic);
            into.systolic_bp_status = Note(s, VitalStatuses.FromSubScore(s, systolic <= 110));
        }
        if (reading.heart_rate is int pulse)
        {
            var s = News2.PulseScore(pulse);
            into.heart_rate_status = Note(s, VitalStatuses.FromSubScore(s, pulse <= 50));
        }
        if (reading.consciousness is Consciousness level)
        {
            var s = News2.ConsciousnessScore(level);
            into.consciousness_status = Note(s, VitalStatuses.FromSubScore(s, false));
        }
        if (reading.temperature is double temperature)
        {
            var s = News2.TemperatureScore(temperature);
            into.temperature_status = Note(s, VitalStatuses.FromSubScore(s, temperature <= 36.0));
        }
        if (reading.glucose is double glucose)
        {
            var status = VitalStatuses.Glucose(glucose);
            worst = VitalStatuses.Worst(worst, status);
            into.glucose_status = status;
        }

        into.status = worst;
        into.news2_score = total;
        into.news2_risk = News2.Risk(total, anyThree);
        into.news2_complete = parameters == News2.ParameterCount;

        VitalStatus Note(int subScore, VitalStatus status)
        {
            total += subScore;
            parameters++;
            anyThree |= subScore == 3;
            worst = VitalStatuses.Worst(worst, status);
            return status;
        }
    }
}
