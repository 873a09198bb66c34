namespace Pulse.Host.Sink;

/// <summary>
/// The topics the sink reads, bound from <see cref="Section"/>: the same section and names as the
/// topology's topic options, so renaming a topic there renames it here.
/// </summary>
public sealed class SinkTopics
{
    /// <summary>The configuration section these names bind from.</summary>
    public const string Section = "Vitals:Topics";

    /// <summary>Enriched readings → table <c>readings</c>.</summary>
    public string Enriched { get; set; } = "vitals.enriched";

    /// <summary>Final 1-minute figures → table <c>vital_stats_1m</c>.</summary>
    public string Stats { get; set; } = "vitals.stats.1m";

    /// <summary>Alert events → table <c>alerts</c>.</summary>
    public string Notify { get; set; } = "alerts.notify";

    /// <summary>Critical alert events → table <c>alerts</c> too (the same event may come on both).</summary>
    public string Dispatch { get; set; } = "alerts.dispatch";

    /// <summary>The topology's dead letters → table <c>invalid_readings</c>.</summary>
    public string Invalid { get; set; } = "vitals.invalid";

    /// <summary>Every topic the sink subscribes to.</summary>
    public IReadOnlyList<string> All => [Enriched, Stats, Notify, Dispatch, Invalid];
}
