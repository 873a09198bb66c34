using pulse.vitals;

namespace Pulse.Vitals.Tests.TestSupport;

/// <summary>
/// A second, table-driven reading of the rules in docs/VITALS-TOPOLOGY.md, written apart from the topology's code:
/// validity reasons, NEWS2 sub-scores, statuses, risk. Each band table lists (upper bound, score,
/// side) from the lowest band up.
/// </summary>
internal static class ClinicalModel
{
    private enum Side { None, Low, High }

    private static readonly (double UpTo, int Score, Side Side)[] Respiration =
        [(8, 3, Side.Low), (11, 1, Side.Low), (20, 0, Side.None), (24, 2, Side.High), (double.MaxValue, 3, Side.High)];
    private static readonly (double UpTo, int Score, Side Side)[] Spo2 =
        [(91, 3, Side.Low), (93, 2, Side.Low), (95, 1, Side.Low), (double.MaxValue, 0, Side.None)];
    private static readonly (double UpTo, int Score, Side Side)[] Systolic =
        [(90, 3, Side.Low), (100, 2, Side.Low), (110, 1, Side.Low), (219, 0, Side.None), (double.MaxValue, 3, Side.High)];
    private static readonly (double UpTo, int Score, Side Side)[] Pulse =
        [(40, 3, Side.Low), (50, 1, Side.Low), (90, 0, Side.None), (110, 1, Side.High), (130, 2, Side.High), (double.MaxValue, 3, Side.High)];
    private static readonly (double UpTo, int Score, Side Side)[] Temperature =
        [(35.0, 3, Side.Low), (36.0, 1, Side.Low), (38.0, 0, Side.None), (39.0, 1, Side.High), (double.MaxValue, 2, Side.High)];

    /// <summary>The reason codes of an invalid reading (sorted), or an empty list.</summary>
    public static List<string> Reasons(string? key, VitalReading r)
    {
        var reasons = new List<string>();
        if (string.IsNullOrWhiteSpace(r.patient_id)) reasons.Add("patient_id.empty");
        if (key != r.patient_id) reasons.Add("key.mismatch");
        object?[] vitals = [r.heart_rate, r.spo2, r.systolic_bp, r.diastolic_bp, r.respiratory_rate, r.temperature, r.glucose, r.consciousness, r.on_oxygen];
        if (vitals.All(v => v is null)) reasons.Add("vitals.none");
        Range(r.heart_rate, 1, 299, "heart_rate");
        Range(r.spo2, 1, 100, "spo2");
        Range(r.systolic_bp, 1, 399, "systolic_bp");
        Range(r.diastolic_bp, 1, 299, "diastolic_bp");
        Range(r.respiratory_rate, 1, 69, "respiratory_rate");
        Range(r.temperature, 10, 50, "temperature");
        Range(r.glucose, 1, 1000, "glucose");
        if (r.systolic_bp is { } s && r.diastolic_bp is { } d && !(d < s)) reasons.Add("diastolic_bp.not_below_systolic");
        reasons.Sort(StringComparer.Ordinal);
        return reasons;

        void Range(double? v, double min, double max, string field)
        {
            if (v is { } x && !(min <= x && x <= max)) reasons.Add(field + ".out_of_range");
        }
    }

    /// <summary>What scoring a valid reading must give.</summary>
    public static ExpectedScore Score(VitalReading r)
    {
        var parts = new List<(int Score, VitalStatus Status)>();
        var rr = Band(Respiration, r.respiratory_rate, parts);
        var spo2 = Band(Spo2, r.spo2, parts);
        VitalStatus? oxygen = null;
        if (r.on_oxygen is { } o)
        {
            oxygen = o ? VitalStatus.WARNING : VitalStatus.NORMAL;
            parts.Add((o ? 2 : 0, oxygen.Value));
        }
        var sys = Band(Systolic, r.systolic_bp, parts);
        var hr = Band(Pulse, r.heart_rate, parts);
        VitalStatus? consciousness = null;
        if (r.consciousness is { } c)
        {
            consciousness = c == Consciousness.ALERT ? VitalStatus.NORMAL : VitalStatus.CRITICAL_HIGH;
            parts.Add((c == Consciousness.ALERT ? 0 : 3, consciousness.Value));
        }
        var temp = Band(Temperature, r.temperature, parts);
        VitalStatus? glucose = r.glucose switch
        {
            null => null,
            < 54 => VitalStatus.CRITICAL_LOW,
            < 70 => VitalStatus.WARNING,
            <= 180 => VitalStatus.NORMAL,
            <= 250 => VitalStatus.WARNING,
            _ => VitalStatus.CRITICAL_HIGH,
        };
        var total = parts.Sum(p => p.Score);
        var anyThree = parts.Exists(p => p.Score == 3);
        var risk = total == 0 ? News2Risk.NONE : total >= 7 ? News2Risk.HIGH : total >= 5 ? News2Risk.MEDIUM
            : anyThree ? News2Risk.LOW_MEDIUM : News2Risk.LOW;
        var statuses = parts.Select(p => p.Status).Append(glucose ?? VitalStatus.NORMAL).ToList();
        var worst = statuses.Contains(VitalStatus.CRITICAL_HIGH) ? VitalStatus.CRITICAL_HIGH
            : statuses.Contains(VitalStatus.CRITICAL_LOW) ? VitalStatus.CRITICAL_LOW
            : statuses.Contains(VitalStatus.WARNING) ? VitalStatus.WARNING : VitalStatus.NORMAL;
        return new ExpectedScore(total, risk, parts.Count == 7, worst, hr, spo2, sys, rr, temp, glucose, consciousness, oxygen);
    }

    private static VitalStatus? Band((double UpTo, int Score, Side Side)[] table, double? value, List<(int, VitalStatus)> parts)
    {
        if (value is not { } v) return null;
        var band = table.First(b => v <= b.UpTo);
        var status = band.Score == 0 ? VitalStatus.NORMAL : band.Score < 3 ? VitalStatus.WARNING
            : band.Side == Side.Low ? VitalStatus.CRITICAL_LOW : VitalStatus.CRITICAL_HIGH;
        parts.Add((band.Score, status));
        return status;
    }
}

internal sealed record ExpectedScore(int News2, News2Risk Risk, bool Complete, VitalStatus Status, VitalStatus? HeartRate, VitalStatus? Spo2,
    VitalStatus? Systolic, VitalStatus? Respiration, VitalStatus? Temperature, VitalStatus? Glucose, VitalStatus? Consciousness, VitalStatus? Oxygen);
