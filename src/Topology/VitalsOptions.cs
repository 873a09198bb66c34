using System.ComponentModel.DataAnnotations;

namespace Pulse.Topology;

/// <summary>
/// Everything the vitals topology can be told: topic names, window sizes, alert timings.
/// Bound from configuration (section <see cref="Section"/>) and validated at start-up.
/// </summary>
public sealed class VitalsOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string Section = "Vitals";

    /// <summary>Topic names.</summary>
    public TopicOptions Topics { get; set; } = new();

    /// <summary>Trend-alert rules and timings.</summary>
    public AlertOptions Alerts { get; set; } = new();
}

/// <summary>The pipeline's topics (DESIGN.md).</summary>
public sealed class TopicOptions
{
    /// <summary>Raw readings in.</summary>
    [Required] public string Raw { get; set; } = "vitals.raw";
    /// <summary>Valid readings with statuses, NEWS2 and rolling figures.</summary>
    [Required] public string Enriched { get; set; } = "vitals.enriched";
    /// <summary>Final 1-minute window figures.</summary>
    [Required] public string Stats { get; set; } = "vitals.stats.1m";
    /// <summary>Alert events that are not critical raises/escalations.</summary>
    [Required] public string Notify { get; set; } = "alerts.notify";
    /// <summary>Critical alerts raised or escalated.</summary>
    [Required] public string Dispatch { get; set; } = "alerts.dispatch";
    /// <summary>Dead letters: invalid or undeserializable readings, with reasons in headers.</summary>
    [Required] public string Invalid { get; set; } = "vitals.invalid";
}
