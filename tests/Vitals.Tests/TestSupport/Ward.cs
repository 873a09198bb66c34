using pulse.vitals;

namespace Pulse.Vitals.Tests.TestSupport;

/// <summary>
/// A simulated ward for the alert targets: stable patients (with one-reading artefacts from moving
/// probes), patients deteriorating into sepsis or hypoxia over minutes, and patients whose monitors go
/// silent. Deterministic (seeded); readings every <see cref="Cadence"/>.
/// </summary>
internal sealed class Ward(int seed = 7)
{
    public static readonly TimeSpan Cadence = TimeSpan.FromSeconds(5);

    private readonly Random _random = new(seed);
    private readonly Dictionary<string, bool> _artefactLast = [];

    public enum Course { Stable, Sepsis, Hypoxia, Silent }

    /// <summary>A patient: how their course goes, when it starts (deterioration) or stops (silence), and over how long it ramps.</summary>
    public sealed record Patient(string Id, Course Course, TimeSpan Onset, TimeSpan Ramp, int Baseline);

    public List<Patient> Patients { get; } = [];

    /// <summary>Artefacts injected into stable patients' readings.</summary>
    public int Artefacts { get; private set; }

    public Ward Add(Course course, int count, Func<int, TimeSpan> onset, TimeSpan ramp)
    {
        for (var i = 0; i < count; i++)
            Patients.Add(new Patient($"{course.ToString().ToLowerInvariant()}-{i + 1}", course, onset(i), ramp, _random.Next(66, 80)));
        return this;
    }

    /// <summary>The patient's reading at <paramref name="elapsed"/> into the scenario, or null once their monitor is silent.</summary>
    public VitalReading? Reading(Patient patient, DateTime time, TimeSpan elapsed)
    {
        if (patient.Course == Course.Silent && elapsed >= patient.Onset) return null;
        var f = patient.Course is Course.Sepsis or Course.Hypoxia
            ? Math.Clamp((elapsed - patient.Onset) / patient.Ramp, 0, 1)
            : 0;
        var r = new VitalReading
        {
            patient_id = patient.Id, device_id = "monitor-" + patient.Id, timestamp = time,
            heart_rate = patient.Baseline + Noise(3), spo2 = 97 + Noise(1), systolic_bp = 124 + Noise(6), diastolic_bp = 78 + Noise(4),
            respiratory_rate = 16 + Noise(1), temperature = Math.Round(36.9 + Noise(2) / 10.0, 1), glucose = 105 + Noise(8),
            consciousness = Consciousness.ALERT, on_oxygen = false,
        };
        switch (patient.Course)
        {
            case Course.Sepsis:
                r.heart_rate += (int)(50 * f);
                r.respiratory_rate += (int)(12 * f);
                r.temperature = Math.Round(r.temperature!.Value + 2.4 * f, 1);
                r.systolic_bp -= (int)(36 * f);
                r.spo2 -= (int)(4 * f);
                if (f >= 0.9) r.consciousness = Consciousness.CONFUSION;
                break;
            case Course.Hypoxia:
                r.spo2 -= (int)(13 * f);
                r.respiratory_rate += (int)(11 * f);
                r.heart_rate += (int)(30 * f);
                r.on_oxygen = f >= 0.6;
                break;
            default:
                MaybeArtefact(patient.Id, r);
                break;
        }
        return r;
    }

    /// <summary>About one reading in 60 of a stable patient has one vital wrong (never two readings in a row).</summary>
    private void MaybeArtefact(string patient, VitalReading r)
    {
        var last = _artefactLast.GetValueOrDefault(patient);
        _artefactLast[patient] = false;
        if (last || _random.Next(60) != 0) return;
        _artefactLast[patient] = true;
        Artefacts++;
        switch (_random.Next(6))
        {
            case 0: r.heart_rate = 150; break;
            case 1: r.heart_rate = 35; break;
            case 2: r.spo2 = 80; break;
            case 3: r.respiratory_rate = 30; break;
            case 4: (r.systolic_bp, r.diastolic_bp) = (85, 50); break;
            default: r.temperature = 39.5; break;
        }
    }

    private int Noise(int amplitude) => _random.Next(-amplitude, amplitude + 1);
}
