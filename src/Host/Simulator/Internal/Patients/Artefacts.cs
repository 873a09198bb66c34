using pulse.vitals;

namespace Pulse.Host.Simulator.Internal.Patients;

/// <summary>
/// Device artefacts: one impossible value in a reading, of the kinds real monitors produce (a lead
/// or probe off reads 0, an oximeter's error code 127, a motion spike, a cuff that fails). Each one
/// breaks a rule of the validity ranges (docs/VITALS-TOPOLOGY.md, step 1), so the topology sends the reading to vitals.invalid.
/// </summary>
internal static class Artefacts
{
    private const int Kinds = 9;

    public static void Apply(VitalReading reading, System.Random random)
    {
        switch (random.Next(Kinds))
        {
            case 0: reading.heart_rate = 0; break;                              // ECG lead off
            case 1: reading.heart_rate = 300 + random.Next(60); break;          // motion spike
            case 2: reading.spo2 = 0; break;                                    // probe off
            case 3: reading.spo2 = 127; break;                                  // oximeter error code
            case 4: reading.systolic_bp = 0; reading.diastolic_bp = 0; break;   // cuff failed
            case 5:                                                             // diastolic above systolic
                reading.systolic_bp ??= 120;
                reading.diastolic_bp = reading.systolic_bp + 5 + random.Next(20);
                break;
            case 6: reading.respiratory_rate = 70 + random.Next(30); break;     // impedance noise
            case 7: reading.temperature = random.Next(2) == 0 ? 0.0 : 55.0; break; // probe unplugged / faulty
            default: reading.glucose = random.Next(2) == 0 ? 0.0 : 1500.0; break;  // strip error
        }
    }
}
