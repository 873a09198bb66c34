namespace Pulse.Host.AlertTail;

/// <summary>
/// How <c>pulse alerts</c> reads the alert topics: configuration section <see cref="Section"/>
/// (<c>PULSE__AlertTail__…</c> or flags). The topics' names come from <c>Vitals:Topics</c>. Validated at start-up.
/// </summary>
public sealed class AlertTailOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string Section = "AlertTail";

    /// <summary>
    /// A consumer group to read in (<c>--group-id</c>): its committed offsets say where to resume, and
    /// tails in one group share the partitions. Empty (the default): no group, every partition, nothing committed.
    /// </summary>
    public string? GroupId { get; set; }

    /// <summary>Also read <c>alerts.notify</c> (every alert event), not only <c>alerts.dispatch</c> (critical episodes raised, escalated or reminded) (<c>--all</c>).</summary>
    public bool All { get; set; }

    /// <summary>Start from the oldest record kept, not from new ones (<c>--from-beginning</c>); with a group, only where it has no offsets yet.</summary>
    public bool FromBeginning { get; set; }

    /// <summary>Print JSON lines instead of text (<c>--json</c>).</summary>
    public bool Json { get; set; }

    /// <summary>
    /// How long Kafka may stay unreachable before the tail gives up with exit code 1 (<c>--give-up-after</c>), a
    /// duration like <c>30s</c> or <c>5m</c> (default 5m); meanwhile it reconnects with backoff and says so once.
    /// </summary>
    public string GiveUpAfter { get; set; } = "5m";
}
