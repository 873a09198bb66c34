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
    public VitalsTopics Topics { get; set; } = new();

    /// <summary>What a reading must satisfy not to be dead-lettered.</summary>
    public ValidityOptions Validity { get; set; } = new();

    /// <summary>The per-patient windowed statistics (<c>vitals.stats.1m</c>).</summary>
    public StatsWindowOptions Stats { get; set; } = new();

    /// <summary>The rolling figures added to each enriched reading.</summary>
    public RollingOptions Rolling { get; set; } = new();

    /// <summary>Trend-alert rules and timings.</summary>
    public AlertOptions Alerts { get; set; } = new();

    /// <summary>Which vehicle a critical episode gets (<c>dispatch.orders</c>).</summary>
    public DispatchOptions Dispatch { get; set; } = new();

    /// <summary>The dead letters on <c>vitals.invalid</c>.</summary>
    public DeadLetterOptions DeadLetters { get; set; } = new();

    /// <summary>
    /// Every problem with these options, each naming its setting (for example
    /// <c>Vitals:Stats:Grace must not be negative (was -00:00:01)</c>); empty when they are valid.
    /// </summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        errors.AddRange(Topics.Validate());
        Validity.Validate(Section + ":" + nameof(Validity), errors);
        Stats.Validate(Section + ":" + nameof(Stats), errors);
        Rolling.Validate(Section + ":" + nameof(Rolling), errors);
        Alerts.Validate(Section + ":" + nameof(Alerts), errors);
        DeadLetters.Validate(Section + ":" + nameof(DeadLetters), errors);
        Dispatch.Validate(Section + ":" + nameof(Dispatch), errors);
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
