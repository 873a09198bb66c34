namespace Pulse.Host.Simulator.Internal.Csv;

/// <summary>The columns a CSV file of readings may have.</summary>
internal enum CsvField
{
    PatientId,
    Timestamp,
    DeviceId,
    HeartRate,
    Spo2,
    SystolicBp,
    DiastolicBp,
    RespiratoryRate,
    Temperature,
    Glucose,
    Consciousness,
    OnOxygen,
    Latitude,
    Longitude,
}

/// <summary>
/// Where each field is in a CSV file's rows, read from its header: names in any order and any case,
/// surrounding spaces ignored, <c>systolic</c>/<c>diastolic</c> as aliases of <c>systolic_bp</c>/<c>diastolic_bp</c>.
/// Invariant: <c>patient_id</c> is present and no field has two columns. Columns of other names are
/// ignored (<see cref="Ignored"/>).
/// </summary>
internal sealed class CsvColumns
{
    private static readonly Dictionary<string, CsvField> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["patient_id"] = CsvField.PatientId,
        ["timestamp"] = CsvField.Timestamp,
        ["device_id"] = CsvField.DeviceId,
        ["heart_rate"] = CsvField.HeartRate,
        ["spo2"] = CsvField.Spo2,
        ["systolic_bp"] = CsvField.SystolicBp,
        ["systolic"] = CsvField.SystolicBp,
        ["diastolic_bp"] = CsvField.DiastolicBp,
        ["diastolic"] = CsvField.DiastolicBp,
        ["respiratory_rate"] = CsvField.RespiratoryRate,
        ["temperature"] = CsvField.Temperature,
        ["glucose"] = CsvField.Glucose,
        ["consciousness"] = CsvField.Consciousness,
        ["on_oxygen"] = CsvField.OnOxygen,
        ["latitude"] = CsvField.Latitude,
        ["longitude"] = CsvField.Longitude,
    };

    private readonly Dictionary<CsvField, int> _indexes;
    private readonly string[] _header;

    private CsvColumns(string[] header, Dictionary<CsvField, int> indexes, IReadOnlyList<string> ignored)
    {
        _header = header;
        _indexes = indexes;
        Ignored = ignored;
    }

    /// <summary>How many columns the header has; every row must have as many cells.</summary>
    public int Count => _header.Length;

    /// <summary>Header names that are not fields, as written.</summary>
    public IReadOnlyList<string> Ignored { get; }

    /// <summary>The fields present, in column order.</summary>
    public IEnumerable<CsvField> Fields => _indexes.OrderBy(p => p.Value).Select(p => p.Key);

    public bool Has(CsvField field) => _indexes.ContainsKey(field);

    /// <summary>The column <paramref name="field"/> is in, or -1.</summary>
    public int IndexOf(CsvField field) => _indexes.GetValueOrDefault(field, -1);

    /// <summary>The header name of column <paramref name="index"/>, as written.</summary>
    public string NameOf(int index) => _header[index].Trim();

    /// <exception cref="CsvHeaderException"><c>patient_id</c> is missing, or a field has two columns.</exception>
    public static CsvColumns FromHeader(IReadOnlyList<string> header)
    {
        var indexes = new Dictionary<CsvField, int>();
        var ignored = new List<string>();
        for (var i = 0; i < header.Count; i++)
        {
            var name = header[i].Trim();
            if (!Names.TryGetValue(name, out var field))
            {
                ignored.Add(name);
                continue;
            }
            if (indexes.TryGetValue(field, out var earlier))
                throw new CsvHeaderException(
                    $"columns {earlier + 1} ('{header[earlier].Trim()}') and {i + 1} ('{name}') are both {Canonical(field)}; keep one.");
            indexes[field] = i;
        }
        if (!indexes.ContainsKey(CsvField.PatientId))
            throw new CsvHeaderException(
                $"the header has no patient_id column (it has: {(header.Count == 0 ? "nothing" : string.Join(", ", header.Select(h => h.Trim())))}).");
        return new CsvColumns([.. header], indexes, ignored);
    }

    /// <summary>The documented name of <paramref name="field"/>.</summary>
    public static string Canonical(CsvField field) => Names.First(p => p.Value == field).Key;
}

/// <summary>A CSV file's header cannot be used: the message says why.</summary>
internal sealed class CsvHeaderException : Exception
{
    public CsvHeaderException(string message)
        : base(message)
    {
    }

    public CsvHeaderException()
    {
    }

    public CsvHeaderException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
