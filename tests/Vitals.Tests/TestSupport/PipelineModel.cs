using pulse.vitals;

namespace Pulse.Vitals.Tests.TestSupport;

/// <summary>
/// The stateful rules, modelled plainly: each patient's kept readings (a list, pruned at newest −
/// window − grace) and their figures over (t − window, t]; and the 1-minute windows of one task,
/// closed in (start, patient) order when the largest event time seen reaches end + grace, a
/// reading for a closed window not counted.
/// </summary>
internal sealed class PipelineModel(long rollingMs, long rollingGraceMs, long sizeMs, long graceMs)
{
    private readonly Dictionary<string, List<(long T, int? Hr, int? Spo2)>> _kept = [];
    private readonly SortedDictionary<(long Start, string Patient), List<(VitalReading Reading, int News2)>> _open =
        new(Comparer<(long Start, string Patient)>.Create((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : string.CompareOrdinal(a.Patient, b.Patient)));
    private long _observed = long.MinValue;

    public List<ExpectedStats> Emitted { get; } = [];

    public ExpectedRolling Enrich(string patient, long t, VitalReading r)
    {
        if (!_kept.TryGetValue(patient, out var kept)) _kept[patient] = kept = [];
        kept.Add((t, r.heart_rate, r.spo2));
        var window = kept.Where(e => e.T > t - rollingMs && e.T <= t).ToList();
        var hrs = window.Where(e => e.Hr is not null).ToList();
        var spo2s = window.Where(e => e.Spo2 is not null).Select(e => e.Spo2!.Value).ToList();
        double? trend = null;
        if (hrs.Count >= 2 && hrs.Select(e => e.T).Distinct().Count() > 1)
        {
            var xs = hrs.Select(e => (e.T - t) / 60_000.0).ToList();
            var ys = hrs.Select(e => (double)e.Hr!.Value).ToList();
            var mx = xs.Average();
            var my = ys.Average();
            trend = xs.Zip(ys).Sum(p => (p.First - mx) * (p.Second - my)) / xs.Sum(x => (x - mx) * (x - mx));
        }
        var newest = kept.Max(e => e.T);
        kept.RemoveAll(e => e.T <= newest - rollingMs - rollingGraceMs);
        return new ExpectedRolling(window.Count, hrs.Count == 0 ? null : hrs.Average(e => e.Hr!.Value),
            spo2s.Count == 0 ? null : spo2s.Average(), spo2s.Count == 0 ? null : spo2s.Min(), trend);
    }

    public void Aggregate(string patient, long t, VitalReading r, int news2)
    {
        _observed = Math.Max(_observed, t);
        foreach (var key in _open.Keys.Where(k => k.Start + sizeMs + graceMs <= _observed).ToList())
        {
            Emitted.Add(Stats(key, _open[key]));
            _open.Remove(key);
        }
        var start = (long)Math.Floor((double)t / sizeMs) * sizeMs;
        if (start + sizeMs + graceMs <= _observed) return; // late
        if (!_open.TryGetValue((start, patient), out var list)) _open[(start, patient)] = list = [];
        list.Add((r, news2));
    }

    private ExpectedStats Stats((long Start, string Patient) key, List<(VitalReading R, int News2)> readings)
    {
        (double? Min, double? Max, double? Mean) Of(Func<VitalReading, double?> field)
        {
            var values = readings.Select(x => field(x.R)).Where(v => v is not null).Select(v => v!.Value).ToList();
            return values.Count == 0 ? (null, null, null) : (values.Min(), values.Max(), values.Sum() / values.Count);
        }
        return new ExpectedStats(key.Patient, key.Start, key.Start + sizeMs, readings.Count, readings.Max(x => x.News2),
            Of(r => r.heart_rate), Of(r => r.spo2), Of(r => r.systolic_bp), Of(r => r.diastolic_bp), Of(r => r.respiratory_rate),
            Of(r => r.temperature), Of(r => r.glucose));
    }
}

internal sealed record ExpectedRolling(int Count, double? HeartRateMean, double? Spo2Mean, int? Spo2Min, double? Trend);

internal sealed record ExpectedStats(string Patient, long Start, long End, int Count, int News2Max,
    (double? Min, double? Max, double? Mean) HeartRate, (double? Min, double? Max, double? Mean) Spo2,
    (double? Min, double? Max, double? Mean) Systolic, (double? Min, double? Max, double? Mean) Diastolic,
    (double? Min, double? Max, double? Mean) Respiration, (double? Min, double? Max, double? Mean) Temperature,
    (double? Min, double? Max, double? Mean) Glucose);
