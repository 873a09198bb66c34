using pulse.vitals;

namespace Pulse.Vitals.Alerts;

/// <summary>
/// A condition a rule observed in a patient's readings: a candidate until it has held for the alarm
/// delay (or was urgent), then counted in the patient's clinical episode at <see cref="Level"/>.
/// Invariants: <see cref="Since"/> ≤ <see cref="LastHeld"/>; <see cref="Pending"/> is above
/// <see cref="Level"/> (any severity when the finding is a candidate) and held since <see cref="PendingSince"/>.
/// </summary>
internal sealed class Finding(string rule, string? vital)
{
    public string Rule { get; } = rule;
    public string? Vital { get; } = vital;

    /// <summary>The severity counted in the episode; null while a candidate.</summary>
    public AlertSeverity? Level { get; set; }

    /// <summary>When the condition began (event time).</summary>
    public long Since { get; set; }

    /// <summary>When it first counted (event time); meaningless while a candidate.</summary>
    public long ConfirmedAt { get; set; }

    /// <summary>The latest reading in which it held, weakly or not (event time).</summary>
    public long LastHeld { get; set; }

    /// <summary>A severity above <see cref="Level"/> that holds but has not counted yet, or null.</summary>
    public AlertSeverity? Pending { get; set; }

    public long PendingSince { get; set; }

    /// <summary>The reading at which the rule last observed it hold, in this task's memory only (not stored): whether it can be described now.</summary>
    public long HeldAt { get; set; } = PatientAlertState.NoTime;

    /// <summary>What the rule said of it when an event last carried it after a reading in which it held.</summary>
    public string Message { get; set; } = "";

    public Dictionary<string, double> Values { get; set; } = NoValues;

    /// <summary>The values of a finding not described yet (shared: never changed).</summary>
    private static readonly Dictionary<string, double> NoValues = [];

    public bool Counted => Level is not null;

    public bool Is(string rule, string? vital) => Rule == rule && Vital == vital;

    /// <summary>The finding as events carry it.</summary>
    public AlertFinding ToAvro() => new()
    {
        rule = Rule,
        vital = Vital,
        severity = Level ?? Pending ?? AlertSeverity.WARNING,
        since = AlertEvents.ToDateTime(Since),
        confirmed_at = AlertEvents.ToDateTime(Counted ? ConfirmedAt : LastHeld),
        values = Values,
        message = Message,
    };

    /// <summary>Order in events: most severe first, then the earliest counted, then by name.</summary>
    public static int Compare(Finding a, Finding b)
    {
        var bySeverity = ((int?)b.Level ?? -1).CompareTo((int?)a.Level ?? -1);
        if (bySeverity != 0) return bySeverity;
        var byTime = a.ConfirmedAt.CompareTo(b.ConfirmedAt);
        if (byTime != 0) return byTime;
        var byRule = string.CompareOrdinal(a.Rule, b.Rule);
        return byRule != 0 ? byRule : string.CompareOrdinal(a.Vital, b.Vital);
    }

    public void Write(AlertStateWriter writer)
    {
        writer.String(Rule);
        writer.Bool(Vital is not null);
        if (Vital is not null) writer.String(Vital);
        writer.Byte(Level is { } level ? (byte)(1 + (int)level) : (byte)0);
        writer.Time(Since);
        if (Level is not null) writer.Time(ConfirmedAt);
        writer.Time(LastHeld);
        writer.Byte(Pending is { } pending ? (byte)(1 + (int)pending) : (byte)0);
        if (Pending is not null) writer.Time(PendingSince);
        writer.String(Message);
        writer.Varint((ulong)Values.Count);
        foreach (var (name, value) in Values)
        {
            writer.String(name);
            writer.Double(value);
        }
    }

    public static Finding Read(ref AlertStateReader reader)
    {
        var finding = new Finding(reader.String(), reader.Bool() ? reader.String() : null);
        finding.Level = Severity(reader.Byte());
        finding.Since = reader.Time();
        if (finding.Level is not null) finding.ConfirmedAt = reader.Time();
        finding.LastHeld = reader.Time();
        finding.Pending = Severity(reader.Byte());
        if (finding.Pending is not null) finding.PendingSince = reader.Time();
        finding.Message = reader.String();
        var count = reader.Count();
        var values = new Dictionary<string, double>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++) values[reader.String()] = reader.Double();
        finding.Values = values;
        return finding;
    }

    private static AlertSeverity? Severity(byte code) => code switch
    {
        0 => null,
        1 => AlertSeverity.WARNING,
        2 => AlertSeverity.CRITICAL,
        _ => throw new InvalidDataException($"Alert state: unknown severity code {code}."),
    };
}
