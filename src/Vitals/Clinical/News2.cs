using pulse.vitals;

namespace Pulse.Vitals.Clinical;

/// <summary>
/// The National Early Warning Score 2 (Royal College of Physicians, 2017), SpO2 scale 1, one
/// parameter at a time (the table in docs/VITALS-TOPOLOGY.md). Each method returns the parameter's sub-score, 0–3.
/// Temperature bands are read as continuous: ≤ 35.0 scores 3, above 35.0 up to 36.0 scores 1, and
/// so on (a value of 36.05 °C lies in 36.1–38.0's band, scoring 0).
/// </summary>
public static class News2
{
    /// <summary>The number of NEWS2 parameters: respiration, SpO2, air or oxygen, systolic, pulse, consciousness, temperature.</summary>
    public const int ParameterCount = 7;

    /// <summary>Respiration rate: ≤ 8 → 3, 9–11 → 1, 12–20 → 0, 21–24 → 2, ≥ 25 → 3.</summary>
    public static int RespirationScore(int breathsPerMinute) => breathsPerMinute switch
    {
        <= 8 => 3,
        <= 11 => 1,
        <= 20 => 0,
        <= 24 => 2,
        _ => 3,
    };

    /// <summary>SpO2 (scale 1): ≤ 91 → 3, 92–93 → 2, 94–95 → 1, ≥ 96 → 0.</summary>
    public static int Spo2Score(int percent) => percent switch
    {
        <= 91 => 3,
        <= 93 => 2,
        <= 95 => 1,
        _ => 0,
    };

    /// <summary>Air or oxygen: supplemental oxygen → 2, air → 0.</summary>
    public static int OxygenScore(bool onOxygen) => onOxygen ? 2 : 0;

    /// <summary>Systolic blood pressure: ≤ 90 → 3, 91–100 → 2, 101–110 → 1, 111–219 → 0, ≥ 220 → 3.</summary>
    public static int SystolicScore(int mmHg) => mmHg switch
    {
        <= 90 => 3,
        <= 100 => 2,
        <= 110 => 1,
        <= 219 => 0,
        _ => 3,
    };

    /// <summary>Pulse: ≤ 40 → 3, 41–50 → 1, 51–90 → 0, 91–110 → 1, 111–130 → 2, ≥ 131 → 3.</summary>
    public static int PulseScore(int beatsPerMinute) => beatsPerMinute switch
    {
        <= 40 => 3,
        <= 50 => 1,
        <= 90 => 0,
        <= 110 => 1,
        <= 130 => 2,
        _ => 3,
    };

    /// <summary>Consciousness (ACVPU): alert → 0; new confusion, voice, pain or unresponsive → 3.</summary>
    public static int ConsciousnessScore(Consciousness level) => level == Consciousness.ALERT ? 0 : 3;

    /// <summary>Temperature: ≤ 35.0 → 3, 35.1–36.0 → 1, 36.1–38.0 → 0, 38.1–39.0 → 1, ≥ 39.1 → 2 (continuous bands).</summary>
    public static int TemperatureScore(double celsius) => celsius switch
    {
        <= 35.0 => 3,
        <= 36.0 => 1,
        <= 38.0 => 0,
        <= 39.0 => 1,
        _ => 2,
    };

    /// <summary>
    /// The clinical risk of a total: 0 none; 1–4 low, or low-medium when one parameter scored 3;
    /// 5–6 medium; 7 or more high.
    /// </summary>
    /// <param name="total">The NEWS2 total.</param>
    /// <param name="anyParameterScoredThree">Whether a single parameter scored 3.</param>
    public static News2Risk Risk(int total, bool anyParameterScoredThree) => total switch
    {
        <= 0 => News2Risk.NONE,
        >= 7 => News2Risk.HIGH,
        >= 5 => News2Risk.MEDIUM,
        _ => anyParameterScoredThree ? News2Risk.LOW_MEDIUM : News2Risk.LOW,
    };
}
