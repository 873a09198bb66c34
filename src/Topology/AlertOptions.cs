using System.ComponentModel.DataAnnotations;

namespace Pulse.Topology;

/// <summary>
/// Trend-alert rules and their timings (issue 5 defaults), bound from configuration section
/// <c>Vitals:Alerts</c> (durations as <c>hh:mm:ss</c>). <see cref="Validate()"/> runs when the alert
/// stage is added to a topology, so a bad value fails at start-up with a message naming the setting.
/// </summary>
public sealed class AlertOptions : IValidatableObject
{
    /// <summary>The configuration path of these options, which validation messages name.</summary>
    public const string Section = VitalsOptions.Section + ":Alerts";

    private static readonly TimeSpan MaxDuration = TimeSpan.FromDays(1);

    /// <summary>A NEWS2 episode resolves once the patient's readings have been at low or no risk for this long (event time).</summary>
    public TimeSpan News2ResolveAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>A vital must be critical in every reading for at least this long to raise a SUSTAINED alert…</summary>
    public TimeSpan SustainedMinDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>…and in at least this many readings.</summary>
    public int SustainedMinReadings { get; set; } = 3;

    /// <summary>A SUSTAINED episode resolves on a non-critical value this long after the vital's last critical one.</summary>
    public TimeSpan SustainedResolveAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>RAPID_CHANGE compares each reading with the readings of this long before it.</summary>
    public TimeSpan RapidChangeWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A heart-rate move (up or down) of at least this many bpm within the window raises RAPID_CHANGE.</summary>
    public int RapidHeartRateChange { get; set; } = 30;

    /// <summary>An SpO2 fall of at least this many points within the window raises RAPID_CHANGE (a rise never does).</summary>
    public int RapidSpo2Drop { get; set; } = 5;

    /// <summary>After a RAPID_CHANGE alert for a vital, no other one for that vital for this long.</summary>
    public TimeSpan RapidChangeCooldown { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Throws <see cref="ValidationException"/> naming the first bad setting (e.g. <c>Vitals:Alerts:SustainedMinReadings</c>).</summary>
    public void Validate()
    {
        foreach (var error in Validate(new ValidationContext(this))) throw new ValidationException(error.ErrorMessage);
    }

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var errors = new List<ValidationResult>();
        Duration(errors, News2ResolveAfter, nameof(News2ResolveAfter));
        Duration(errors, SustainedMinDuration, nameof(SustainedMinDuration), allowZero: true);
        Count(errors, SustainedMinReadings, 1, 10_000, nameof(SustainedMinReadings));
        Duration(errors, SustainedResolveAfter, nameof(SustainedResolveAfter));
        Duration(errors, RapidChangeWindow, nameof(RapidChangeWindow));
        Count(errors, RapidHeartRateChange, 1, 298, nameof(RapidHeartRateChange));
        Count(errors, RapidSpo2Drop, 1, 99, nameof(RapidSpo2Drop));
        Duration(errors, RapidChangeCooldown, nameof(RapidChangeCooldown), allowZero: true);
        return errors;
    }

    private static void Duration(List<ValidationResult> errors, TimeSpan value, string name, bool allowZero = false)
    {
        var tooSmall = allowZero ? value < TimeSpan.Zero : value <= TimeSpan.Zero;
        if (tooSmall || value > MaxDuration || value.Ticks % TimeSpan.TicksPerMillisecond != 0)
            errors.Add(new ValidationResult(
                $"{Section}:{name} must be a whole number of milliseconds {(allowZero ? "from 0" : "above 0")} up to {MaxDuration:c}; got {value:c}.",
                [name]));
    }

    private static void Count(List<ValidationResult> errors, int value, int min, int max, string name)
    {
        if (value < min || value > max)
            errors.Add(new ValidationResult($"{Section}:{name} must be from {min} to {max}; got {value}.", [name]));
    }
}
