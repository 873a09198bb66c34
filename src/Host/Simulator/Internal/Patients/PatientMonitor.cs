using pulse.vitals;

namespace Pulse.Host.Simulator.Internal.Patients;

/// <summary>
/// One patient's monitor: produces the patient's readings in time order from the patient's own seed.
/// Each vital is the patient's mean (the baseline, moved toward the deterioration target as the
/// deterioration progresses) plus a slow mean-reverting random walk (Ornstein–Uhlenbeck, reverting
/// over about five minutes) plus sensor noise. Then some vitals go missing and, rarely, a device
/// artefact replaces one value.
/// Invariant: until a deterioration starts, every value stays within <see cref="Bands.NormalLow"/> and <see cref="Bands.NormalHigh"/>,
/// so an undisturbed reading scores NEWS2 0.
/// </summary>
internal sealed class PatientMonitor(PatientProfile profile, SimulationPlan plan)
{
    private static readonly TimeSpan Reversion = TimeSpan.FromMinutes(5);

    /// <summary>Glucose is a spot check (a finger prick), not a continuous signal: present in this share of readings.</summary>
    private const double GlucoseShare = 0.2;

    private readonly System.Random _random = new(profile.Seed);
    private readonly double[] _walk = new double[VitalSet.Count];
    private TimeSpan? _last;
    private bool _confused;

    public PatientProfile Profile => profile;

    /// <summary>The reading taken <paramref name="sinceStart"/> into the run, stamped <paramref name="timestamp"/>; calls must go forward in time.</summary>
    public VitalReading Next(TimeSpan sinceStart, DateTime timestamp)
    {
        var severity = profile.Pattern is { } pattern ? Deterioration.Severity(sinceStart, profile.Onset, plan.Deterioration) : 0;
        var mean = profile.Pattern is { } p ? VitalSet.Lerp(profile.Baseline, Deterioration.Target(p, profile.Baseline), severity) : profile.Baseline;
        var (low, high) = severity > 0 ? (Bands.PhysiologicalLow, Bands.PhysiologicalHigh) : (Bands.NormalLow, Bands.NormalHigh);

        var decay = _last is { } last ? Math.Exp(-(sinceStart - last) / Reversion) : 0;
        _last = sinceStart;
        Span<double> values = stackalloc double[VitalSet.Count];
        for (var v = 0; v < VitalSet.Count; v++)
        {
            // Exact OU step: the walk keeps its spread whatever the interval between readings.
            _walk[v] = _walk[v] * decay + Bands.WalkSpread[v] * Math.Sqrt(1 - decay * decay) * _random.NextGaussian();
            var centre = Math.Clamp(mean[v] + _walk[v], low[v], high[v]);
            _walk[v] = centre - mean[v]; // the walk holds at a band's edge instead of wandering past it
            values[v] = Math.Clamp(centre + Bands.SensorNoise[v] * _random.NextGaussian(), low[v], high[v]);
        }
        var vitals = VitalSet.From(values);
        _confused |= profile.Pattern is { } q && severity >= Deterioration.ConfusionFrom(q);
        var onOxygen = profile.Pattern is { } r && severity >= Deterioration.OxygenFrom(r);

        var systolic = (int)Math.Round(vitals.Systolic);
        var reading = new VitalReading
        {
            patient_id = profile.PatientId,
            device_id = profile.DeviceId,
            timestamp = timestamp,
            heart_rate = Present((int)Math.Round(vitals.HeartRate)),
            spo2 = Present((int)Math.Round(vitals.Spo2)),
            respiratory_rate = Present((int)Math.Round(vitals.RespiratoryRate)),
            temperature = Present(Math.Round(vitals.Temperature, 1)),
            glucose = _random.Chance(GlucoseShare) ? Math.Round(vitals.Glucose) : null,
            consciousness = Present(_confused ? Consciousness.CONFUSION : Consciousness.ALERT),
            on_oxygen = onOxygen,
            latitude = profile.Latitude,
            longitude = profile.Longitude,
        };
        if (!_random.Chance(plan.MissingRate))
        {
            // One cuff measures both pressures: they are missing together. A pulse pressure of 15 or more keeps diastolic below systolic.
            reading.systolic_bp = systolic;
            reading.diastolic_bp = Math.Min((int)Math.Round(vitals.Diastolic), systolic - 15);
        }
        if (reading.heart_rate is null && reading.spo2 is null && reading.respiratory_rate is null && reading.temperature is null
            && reading.glucose is null && reading.systolic_bp is null)
            reading.heart_rate = (int)Math.Round(vitals.HeartRate); // every reading carries at least one vital
        if (_random.Chance(plan.ArtefactRate)) Artefacts.Apply(reading, _random);
        return reading;
    }

    private T? Present<T>(T value)
        where T : struct => _random.Chance(plan.MissingRate) ? null : value;
}
