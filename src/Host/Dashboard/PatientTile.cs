using pulse.vitals;

namespace Pulse.Host.Dashboard;

/// <summary>One patient as the ward model keeps them: the latest reading and the trend of heart rate and SpO2 (event time, oldest first).</summary>
internal sealed class PatientTile(string patientId)
{
    private readonly List<double?[]> _trend = [];
    private int _unsent;

    public string PatientId { get; } = patientId;
    public EnrichedReading? Latest { get; private set; }
    public long Ts { get; private set; } = long.MinValue;
    public long SeenAt { get; private set; }

    /// <summary>Takes a reading (an older one than the latest only joins nothing); true when the tile changed.</summary>
    public bool Add(EnrichedReading reading, long ts, long seenAt, long trendMs)
    {
        if (ts < Ts) return false;
        (Latest, Ts, SeenAt) = (reading, ts, Math.Max(SeenAt, seenAt));
        _trend.Add([ts, reading.reading.heart_rate, reading.reading.spo2]);
        _unsent++;
        var drop = 0;
        while (drop < _trend.Count && _trend[drop][0] < ts - trendMs) drop++;
        if (drop > 0)
        {
            _trend.RemoveRange(0, drop);
            _unsent = Math.Min(_unsent, _trend.Count);
        }
        return true;
    }

    /// <summary>The tile with its whole trend (<paramref name="whole"/>) or with the points not sent yet, which then count as sent.</summary>
    public TileView View(bool whole)
    {
        var points = whole ? _trend.ToArray() : _trend.GetRange(_trend.Count - _unsent, _unsent).ToArray();
        if (!whole) _unsent = 0;
        var e = Latest!;
        var r = e.reading;
        var statuses = new Dictionary<string, string>(6, StringComparer.Ordinal);
        Status(statuses, "heartRate", e.heart_rate_status);
        Status(statuses, "spo2", e.spo2_status);
        Status(statuses, "systolic", e.systolic_bp_status);
        Status(statuses, "respiratoryRate", e.respiratory_rate_status);
        Status(statuses, "temperature", e.temperature_status);
        Status(statuses, "consciousness", e.consciousness_status);
        return new TileView(PatientId, Ts, SeenAt, r.heart_rate, r.spo2, r.systolic_bp, r.diastolic_bp, r.respiratory_rate, r.temperature,
            r.consciousness?.ToString(), r.on_oxygen, statuses, e.news2_score, e.news2_risk.ToString(), points);
    }

    private static void Status(Dictionary<string, string> statuses, string key, VitalStatus? status)
    {
        if (status is { } s) statuses[key] = s.ToString();
    }
}
