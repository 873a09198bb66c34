namespace Pulse.Host.AlertTail;

/// <summary>
/// What <c>pulse alerts ack</c> publishes: configuration section <see cref="Section"/> (flags, or
/// <c>PULSE__AlertAck__…</c>). The topic is <c>Vitals:Topics:Acks</c>. Validated at start-up.
/// </summary>
public sealed class AlertAckOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string Section = "AlertAck";

    /// <summary>The patient whose episode is acknowledged (the command's argument).</summary>
    public string PatientId { get; set; } = "";

    /// <summary>The episode (an alert's <c>alert_id</c>, <c>--episode</c>); empty: whichever clinical episode the patient has open.</summary>
    public string? EpisodeId { get; set; }

    /// <summary>Who acknowledges (<c>--by</c>); empty: the operating system's user name.</summary>
    public string? By { get; set; }

    /// <summary>A note kept with the acknowledgement (<c>--note</c>).</summary>
    public string? Note { get; set; }

    /// <summary>How long Kafka may take to confirm the acknowledgement before the command fails with exit code 1 (<c>--timeout</c>, e.g. 30s).</summary>
    public string Timeout { get; set; } = "30s";
}
