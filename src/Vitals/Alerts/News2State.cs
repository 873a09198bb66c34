using pulse.vitals;

namespace Pulse.Vitals.Alerts;

/// <summary>
/// A patient's NEWS2 episode. Invariant: while <see cref="Open"/> is false the other fields mean
/// nothing (and are not encoded); <see cref="LowSince"/> is <see cref="PatientAlertState.NoTime"/>
/// unless the latest readings were all at low or no risk, from that time on.
/// </summary>
internal sealed class News2State
{
    private const byte OpenFlag = 1, CriticalFlag = 2, LowFlag = 4;

    public bool Open { get; private set; }
    public long EpisodeStart { get; private set; }
    public AlertSeverity Severity { get; set; }
    public long LowSince { get; set; } = PatientAlertState.NoTime;

    public const int MaxEncodedSize = 1 + 2 * StateWriter.MaxVarint;

    public void Start(long time, AlertSeverity severity)
    {
        (Open, EpisodeStart, Severity, LowSince) = (true, time, severity, PatientAlertState.NoTime);
    }

    public void Close()
    {
        (Open, EpisodeStart, Severity, LowSince) = (false, 0, AlertSeverity.WARNING, PatientAlertState.NoTime);
    }

    /// <summary>One flags byte; then, when open, the episode start and (if set) the start of the low-risk run.</summary>
    public void Write(ref StateWriter writer)
    {
        if (!Open)
        {
            writer.Byte(0);
            return;
        }
        var low = LowSince != PatientAlertState.NoTime;
        writer.Byte((byte)(OpenFlag | (Severity == AlertSeverity.CRITICAL ? CriticalFlag : 0) | (low ? LowFlag : 0)));
        writer.Time(EpisodeStart);
        if (low) writer.Time(LowSince);
    }

    public void Read(ref StateReader reader)
    {
        var flags = reader.Byte();
        if ((flags & OpenFlag) == 0)
        {
            Close();
            return;
        }
        Start(reader.Time(), (flags & CriticalFlag) != 0 ? AlertSeverity.CRITICAL : AlertSeverity.WARNING);
        if ((flags & LowFlag) != 0) LowSince = reader.Time();
    }
}
