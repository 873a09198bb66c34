namespace Pulse.Vitals;

/// <summary>
/// The ranges outside which a value is impossible, not merely abnormal (docs/VITALS-TOPOLOGY.md, MIMIC-IV-style
/// artifact filters): a reading with any value outside its range goes to the dead-letter topic.
/// Both ends are inclusive.
/// </summary>
public sealed class ValidityOptions
{
    /// <summary>Heart rate, bpm (default 1–299; at most 1–1000).</summary>
    public ValidRange HeartRate { get; set; } = new(1, 299);

    /// <summary>SpO2, % (default 1–100; at most that).</summary>
    public ValidRange Spo2 { get; set; } = new(1, 100);

    /// <summary>Systolic blood pressure, mmHg (default 1–399).</summary>
    public ValidRange SystolicBp { get; set; } = new(1, 399);

    /// <summary>Diastolic blood pressure, mmHg (default 1–299); it must also be below the systolic.</summary>
    public ValidRange DiastolicBp { get; set; } = new(1, 299);

    /// <summary>Respiratory rate, breaths/min (default 1–69).</summary>
    public ValidRange RespiratoryRate { get; set; } = new(1, 69);

    /// <summary>Temperature, °C (default 10–50).</summary>
    public ValidRange Temperature { get; set; } = new(10, 50);

    /// <summary>Blood glucose, mg/dL (default 1–1000).</summary>
    public ValidRange Glucose { get; set; } = new(1, 1000);

    /// <summary>
    /// The longest patient id, in characters (default 128): an id is a key of every table and store, so a 10 KB one is a
    /// device fault, not a patient.
    /// </summary>
    public int MaxPatientIdLength { get; set; } = 128;

    /// <summary>
    /// How far ahead of the wall clock a reading may be stamped (default 5 minutes): a reading from a device whose
    /// clock runs years ahead would move its partition's stream time there, close every open window and make every
    /// later reading of that partition late. Stream time is the engine's, as in Kafka Streams; the pipeline guards it here.
    /// </summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The earliest timestamp a reading may carry (default 2000-01-01 UTC): a device with an unset clock stamps 1970.
    /// Set it earlier to replay older real data.
    /// </summary>
    public DateTime Earliest { get; set; } = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    internal void Validate(string path, List<string> errors)
    {
        // The rolling store keeps heart rate and SpO2 in 2 bytes and 1, with 0 for absent.
        Check(nameof(HeartRate), HeartRate, 1, 1000);
        Check(nameof(Spo2), Spo2, 1, 100);
        Check(nameof(SystolicBp), SystolicBp);
        Check(nameof(DiastolicBp), DiastolicBp);
        Check(nameof(RespiratoryRate), RespiratoryRate);
        Check(nameof(Temperature), Temperature);
        Check(nameof(Glucose), Glucose);
        if (MaxPatientIdLength is < 1 or > 4096)
            errors.Add(FormattableString.Invariant($"{path}:{nameof(MaxPatientIdLength)} must be between 1 and 4096 (was {MaxPatientIdLength})"));
        if (MaxClockSkew < TimeSpan.Zero || MaxClockSkew > TimeSpan.FromDays(1))
            errors.Add(FormattableString.Invariant($"{path}:{nameof(MaxClockSkew)} must be between 00:00:00 and 1.00:00:00 (was {MaxClockSkew})"));
        if (Earliest < DateTime.UnixEpoch)
            errors.Add(FormattableString.Invariant($"{path}:{nameof(Earliest)} must not be before 1970-01-01 (was {Earliest:O})"));

        void Check(string name, ValidRange? range, double floor = double.MinValue, double ceiling = double.MaxValue)
        {
            if (range is null) errors.Add($"{path}:{name} must be set");
            else if (!double.IsFinite(range.Min) || !double.IsFinite(range.Max) || range.Min > range.Max)
                errors.Add($"{path}:{name} must have finite Min <= Max (was {range})");
            else if (range.Min < floor || range.Max > ceiling)
                errors.Add(FormattableString.Invariant($"{path}:{name} must lie within {floor}–{ceiling} (was {range})"));
        }
    }
}

/// <summary>An inclusive range of valid values.</summary>
public sealed class ValidRange
{
    /// <summary>An empty range to bind into.</summary>
    public ValidRange() { }

    /// <summary>The range <paramref name="min"/>–<paramref name="max"/>.</summary>
    public ValidRange(double min, double max)
    {
        Min = min;
        Max = max;
    }

    /// <summary>The smallest valid value.</summary>
    public double Min { get; set; }

    /// <summary>The largest valid value.</summary>
    public double Max { get; set; }

    /// <summary>True when <paramref name="value"/> lies in the range (false for NaN).</summary>
    public bool Contains(double value) => value >= Min && value <= Max;

    /// <summary><c>min–max</c>, invariant.</summary>
    public override string ToString() => FormattableString.Invariant($"{Min}–{Max}");
}
