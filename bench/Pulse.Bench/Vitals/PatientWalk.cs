using pulse.vitals;

namespace Pulse.Bench.Vitals;

/// <summary>
/// One simulated patient: a personal baseline, a bounded random walk around it, and for a
/// deteriorating patient a drift towards a sepsis-like picture (pulse, breathing and temperature
/// up, pressure and saturation down) as the run progresses.
/// </summary>
internal sealed class PatientWalk
{
    private string _id = "";
    private bool _deteriorating;
    private double _hr, _spo2, _sys, _dia, _rr, _temp, _glucose;
    private double _baseHr, _baseSpo2, _baseSys, _baseRr, _baseTemp;
    private double _lat, _lon;

    public static PatientWalk Create(string id, Random random, bool deteriorating)
    {
        var w = new PatientWalk
        {
            _id = id,
            _deteriorating = deteriorating,
            _baseHr = 62 + random.NextDouble() * 20,
            _baseSpo2 = 96 + random.NextDouble() * 3,
            _baseSys = 115 + random.NextDouble() * 20,
            _baseRr = 13 + random.NextDouble() * 5,
            _baseTemp = 36.4 + random.NextDouble() * 0.8,
            _glucose = 90 + random.NextDouble() * 40,
            _lat = 51.5 + random.NextDouble() * 0.2,
            _lon = -0.2 + random.NextDouble() * 0.3,
        };
        (w._hr, w._spo2, w._sys, w._rr, w._temp) = (w._baseHr, w._baseSpo2, w._baseSys, w._baseRr, w._baseTemp);
        w._dia = w._sys * 0.65;
        return w;
    }

    /// <summary>Fills <paramref name="r"/> with the next reading; <paramref name="progress"/> runs 0 → 1 over the input.</summary>
    public void Next(Random random, double progress, bool artefact, long timestampMs, VitalReading r)
    {
        var drift = _deteriorating ? Math.Clamp((progress - 0.3) / 0.5, 0, 1) : 0; // worsens from 30% to 80% of the run
        _hr = Walk(random, _hr, _baseHr + 55 * drift, 1.5);
        _spo2 = Walk(random, _spo2, _baseSpo2 - 9 * drift, 0.4);
        _sys = Walk(random, _sys, _baseSys - 40 * drift, 2);
        _dia = Walk(random, _dia, _sys * 0.65, 1);
        _rr = Walk(random, _rr, _baseRr + 12 * drift, 0.5);
        _temp = Walk(random, _temp, _baseTemp + 2.3 * drift, 0.05);
        _glucose = Walk(random, _glucose, _glucose, 2);

        r.patient_id = _id;
        r.device_id = "D-" + _id;
        r.timestamp = DateTime.UnixEpoch.AddMilliseconds(timestampMs);
        r.heart_rate = artefact ? 0 : (int)Math.Round(_hr);
        r.spo2 = (int)Math.Round(Math.Min(100, _spo2));
        r.systolic_bp = (int)Math.Round(_sys);
        r.diastolic_bp = (int)Math.Round(Math.Min(_dia, _sys - 10));
        r.respiratory_rate = (int)Math.Round(_rr);
        r.temperature = Math.Round(_temp, 1);
        r.glucose = Math.Round(_glucose);
        r.consciousness = drift > 0.8 ? Consciousness.CONFUSION : Consciousness.ALERT;
        r.on_oxygen = _deteriorating && drift > 0.5;
        r.latitude = _lat;
        r.longitude = _lon;
    }

    // Mean-reverting step towards target with Gaussian-ish noise of the given scale.
    private static double Walk(Random random, double value, double target, double noise) =>
        value + (target - value) * 0.05 + (random.NextDouble() + random.NextDouble() - 1) * noise;
}
