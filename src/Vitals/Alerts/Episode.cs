using pulse.vitals;

namespace Pulse.Vitals.Alerts;

/// <summary>
/// A patient's open alert episode of one <see cref="EpisodeKind"/>: what identifies it, what has been
/// sent about it, and whether someone acknowledged it. Times are ms since the epoch: <see cref="Start"/>
/// is event time for a clinical episode and wall-clock time for a technical one; acknowledgement and
/// reminder times are wall-clock times.
/// </summary>
internal sealed class Episode(EpisodeKind kind, long start, AlertSeverity severity)
{
    public EpisodeKind Kind { get; } = kind;
    public long Start { get; } = start;
    public AlertSeverity Severity { get; set; } = severity;

    /// <summary>The sequence number of the latest event sent (RAISED is 0).</summary>
    public int Sequence { get; set; }

    public string? AcknowledgedBy { get; set; }
    public long AcknowledgedAt { get; set; }

    /// <summary>The severity the acknowledgement covered: an escalation above it needs a new one.</summary>
    public AlertSeverity AcknowledgedSeverity { get; set; }

    public bool Acknowledged => AcknowledgedBy is not null;

    /// <summary>REMINDED events sent.</summary>
    public int Reminders { get; set; }

    /// <summary>When the next reminder is due (wall clock), or <see cref="PatientAlertState.NoTime"/>.</summary>
    public long NextReminder { get; set; } = PatientAlertState.NoTime;

    /// <summary>The episode's id: <c>{patient}:{kind}:{start}</c>, deterministic, the same for each of its events.</summary>
    public string Id(string patientId) => AlertEvents.EpisodeId(patientId, Kind, Start);

    public void Acknowledge(string by, long at)
    {
        (AcknowledgedBy, AcknowledgedAt, AcknowledgedSeverity) = (by, at, Severity);
        NextReminder = PatientAlertState.NoTime;
    }

    public void Write(AlertStateWriter writer)
    {
        writer.Byte((byte)Kind);
        writer.Fixed64(Start);
        writer.Byte((byte)Severity);
        writer.Varint((ulong)Sequence);
        writer.Bool(Acknowledged);
        if (AcknowledgedBy is not null)
        {
            writer.String(AcknowledgedBy);
            writer.Fixed64(AcknowledgedAt);
            writer.Byte((byte)AcknowledgedSeverity);
        }
        writer.Varint((ulong)Reminders);
        writer.Fixed64(NextReminder);
    }

    public static Episode Read(ref AlertStateReader reader)
    {
        var kind = reader.Byte();
        if (kind > (byte)EpisodeKind.TECHNICAL) throw new InvalidDataException($"Alert state: unknown episode kind {kind}.");
        var episode = new Episode((EpisodeKind)kind, reader.Fixed64(), SeverityOf(reader.Byte())) { Sequence = reader.Count() };
        if (reader.Bool())
        {
            episode.AcknowledgedBy = reader.String();
            episode.AcknowledgedAt = reader.Fixed64();
            episode.AcknowledgedSeverity = SeverityOf(reader.Byte());
        }
        episode.Reminders = reader.Count();
        episode.NextReminder = reader.Fixed64();
        return episode;
    }

    private static AlertSeverity SeverityOf(byte code) =>
        code <= (byte)AlertSeverity.CRITICAL ? (AlertSeverity)code : throw new InvalidDataException($"Alert state: unknown severity {code}.");
}
