using pulse.vitals;

namespace Pulse.Host.Simulator.Internal.Csv;

/// <summary>
/// Reads one CSV row into a <see cref="VitalReading"/> by the rules of <see cref="CsvCells"/>, or
/// rejects it with every problem, each naming the column (as the header writes it) and the value.
/// Without a timestamp column, readings are stamped with the clock as they are read, each at least
/// one millisecond after the one before (<see cref="ClockStamper"/>).
/// </summary>
internal sealed class CsvRowParser(CsvColumns columns, TimeProvider time)
{
    private readonly ClockStamper? _stamper = columns.Has(CsvField.Timestamp) ? null : new ClockStamper(time);

    /// <summary>The row at <paramref name="line"/> with <paramref name="cells"/>, as a reading or a rejection.</summary>
    public SourceItem Parse(IReadOnlyList<string> cells, long line)
    {
        if (cells.Count != columns.Count)
            return SourceItem.Of(new RejectedRow(line, [$"{cells.Count} cells, but the header has {columns.Count} columns"]));

        var problems = new List<string>();
        var reading = new VitalReading
        {
            patient_id = Cell(cells, CsvField.PatientId).Trim(),
            device_id = CsvCells.IsEmpty(Cell(cells, CsvField.DeviceId)) ? null : Cell(cells, CsvField.DeviceId).Trim(),
            heart_rate = Int(cells, CsvField.HeartRate, problems),
            spo2 = Int(cells, CsvField.Spo2, problems),
            systolic_bp = Int(cells, CsvField.SystolicBp, problems),
            diastolic_bp = Int(cells, CsvField.DiastolicBp, problems),
            respiratory_rate = Int(cells, CsvField.RespiratoryRate, problems),
            temperature = Double(cells, CsvField.Temperature, problems),
            glucose = Double(cells, CsvField.Glucose, problems),
            latitude = Double(cells, CsvField.Latitude, problems),
            longitude = Double(cells, CsvField.Longitude, problems),
        };
        if (CsvCells.TryParseConsciousness(Cell(cells, CsvField.Consciousness), out var consciousness, out var problem))
            reading.consciousness = consciousness;
        else
            problems.Add(Problem(CsvField.Consciousness, problem!));
        if (CsvCells.TryParseBool(Cell(cells, CsvField.OnOxygen), out var onOxygen, out problem))
            reading.on_oxygen = onOxygen;
        else
            problems.Add(Problem(CsvField.OnOxygen, problem!));

        if (_stamper is null)
        {
            var text = Cell(cells, CsvField.Timestamp);
            if (CsvCells.IsEmpty(text))
                problems.Add(Problem(CsvField.Timestamp, "empty (a timestamp column needs a value in every row)"));
            else if (CsvCells.TryParseTimestamp(text, out var timestamp, out problem))
                reading.timestamp = timestamp.UtcDateTime;
            else
                problems.Add(Problem(CsvField.Timestamp, problem!));
        }

        if (problems.Count > 0) return SourceItem.Of(new RejectedRow(line, problems));
        // Stamped last, so rejected rows take no millisecond.
        if (_stamper is not null) reading.timestamp = _stamper.Next().UtcDateTime;
        return SourceItem.Of(reading);
    }

    private string Cell(IReadOnlyList<string> cells, CsvField field) => columns.IndexOf(field) is var i and >= 0 ? cells[i] : "";

    private int? Int(IReadOnlyList<string> cells, CsvField field, List<string> problems)
    {
        if (CsvCells.TryParseInt(Cell(cells, field), out var value, out var problem)) return value;
        problems.Add(Problem(field, problem!));
        return null;
    }

    private double? Double(IReadOnlyList<string> cells, CsvField field, List<string> problems)
    {
        if (CsvCells.TryParseDouble(Cell(cells, field), out var value, out var problem)) return value;
        problems.Add(Problem(field, problem!));
        return null;
    }

    private string Problem(CsvField field, string problem) => $"column {columns.NameOf(columns.IndexOf(field))}: {problem}";
}

/// <summary>
/// Timestamps from the clock for readings that carry none: now, at millisecond precision, and
/// always at least one millisecond after the previous stamp (so a patient's readings stay distinct
/// even when a file is replayed faster than one row per millisecond).
/// </summary>
internal sealed class ClockStamper(TimeProvider time)
{
    private DateTimeOffset? _last;

    public DateTimeOffset Next()
    {
        var now = time.GetUtcNow();
        now = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
        if (_last is { } last && now <= last) now = last.AddMilliseconds(1);
        _last = now;
        return now;
    }
}
