using System.ComponentModel.DataAnnotations;
using Pulse.Streams.Errors;

namespace Pulse.Vitals;

/// <summary>
/// Everything the vitals topology can be told: topic names, validity ranges, window sizes, alert
/// timings. Bound from configuration (section <see cref="Section"/>) and validated at start-up
/// (<see cref="Validate"/>): every message names the setting by its configuration path.
/// </summary>
public sealed class VitalsOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string Section = "Vitals";

    /// <summary>Topic names.</summary>
    public TopicOptions Topics { get; set; } = new();

    /// <summary>What a reading must satisfy not to be dead-lettered.</summary>
    public ValidityOptions Validity { get; set; } = new();

    /// <summary>The per-patient windowed statistics (<c>vitals.stats.1m</c>).</summary>
    public StatsWindowOptions Stats { get; set; } = new();

    /// <summary>The rolling figures added to each enriched reading.</summary>
    public RollingOptions Rolling { get; set; } = new();

    /// <summary>Trend-alert rules and timings.</summary>
    public AlertOptions Alerts { get; set; } = new();

    /// <summary>
    /// Every problem with these options, each naming its setting (for example
    /// <c>Vitals:Stats:Grace must not be negative (was -00:00:01)</c>); empty when they are valid.
    /// </summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        Topics.Validate(Section + ":" + nameof(Topics), errors);
        Validity.Validate(Section + ":" + nameof(Validity), errors);
        Stats.Validate(Section + ":" + nameof(Stats), errors);
        Rolling.Validate(Section + ":" + nameof(Rolling), errors);
        Alerts.Validate(Section + ":" + nameof(Alerts), errors);
        return errors;
    }

    /// <summary>Throws when <see cref="Validate"/> finds problems, listing them all.</summary>
    /// <exception cref="StreamsConfigException">The options are not valid.</exception>
    public void ValidateOrThrow()
    {
        var errors = Validate();
        if (errors.Count > 0) throw new StreamsConfigException("Invalid vitals options: " + string.Join("; ", errors));
    }
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
    /// <summary>Dead letters: invalid or undeserializable readings, with reasons in headers (<see cref="InvalidReadingHeaders"/>).</summary>
    [Required] public string Invalid { get; set; } = "vitals.invalid";

    internal void Validate(string path, List<string> errors)
    {
        (string Name, string? Value)[] topics =
            [(nameof(Raw), Raw), (nameof(Enriched), Enriched), (nameof(Stats), Stats), (nameof(Notify), Notify),
             (nameof(Dispatch), Dispatch), (nameof(Invalid), Invalid)];
        foreach (var (name, value) in topics)
        {
            if (string.IsNullOrWhiteSpace(value)) errors.Add($"{path}:{name} must name a topic (was empty)");
            else if (name != nameof(Raw) && value == Raw) errors.Add($"{path}:{name} must differ from {path}:{nameof(Raw)} ('{value}'): the topology would read its own output");
        }
    }
}
