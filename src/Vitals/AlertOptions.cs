using Pulse.Streams.Errors;

namespace Pulse.Vitals;

/// <summary>
/// Trend-alert rules and their timings (issue 5 defaults), bound from configuration section
/// <c>Vitals:Alerts</c> (durations as <c>hh:mm:ss</c>). <see cref="ValidateOrThrow"/> runs when the
/// alert stage is added to a topology, so a bad value fails at start-up with a message naming the setting.
/// </summary>
public sealed class AlertOptions
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

    /// <summary>Every problem with these options, each naming its setting by configuration path; empty when they are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        Validate(Section, errors);
        return errors;
    }

    /// <summary>Throws when <see cref="Validate()"/> finds problems, listing them all.</summary>
    /// <exception cref="StreamsConfigException">The options are not valid.</exception>
    public void ValidateOrThrow()
    {
        var errors = Validate();
        if (errors.Count > 0) throw new StreamsConfigException("Invalid alert options: " + string.Join("; ", errors));
    }

    /// <summary>Adds a message per bad setting to <paramref name="errors"/>, naming it under <paramref name="path"/> (as <c>VitalsOptions</c> does for its parts).</summary>
    internal void Validate(string path, List<string> errors)
    {
        Duration(path, nameof(News2ResolveAfter), News2ResolveAfter, errors);
        Duration(path, nameof(SustainedMinDuration), SustainedMinDuration, errors, allowZero: true);
        Count(path, nameof(SustainedMinReadings), SustainedMinReadings, 1, 10_000, errors);
        Duration(path, nameof(SustainedResolveAfter), SustainedResolveAfter, errors);
        Duration(path, nameof(RapidChangeWindow), RapidChangeWindow, errors);
        Count(path, nameof(RapidHeartRateChange), RapidHeartRateChange, 1, 298, errors);
        Count(path, nameof(RapidSpo2Drop), RapidSpo2Drop, 1, 99, errors);
        Duration(path, nameof(RapidChangeCooldown), RapidChangeCooldown, errors, allowZero: true);
    }

    private static void Duration(string path, string name, TimeSpan value, List<string> errors, bool allowZero = false)
    {
        var tooSmall = allowZero ? value < TimeSpan.Zero : value <= TimeSpan.Zero;
        if (tooSmall || value > MaxDuration || value.Ticks % TimeSpan.TicksPerMillisecond != 0)
            errors.Add($"{path}:{name} must be a whole number of milliseconds {(allowZero ? "from 0" : "above 0")} up to {MaxDuration:c} (was {value:c})");
    }

    private static void Count(string path, string name, int value, int min, int max, List<string> errors)
    {
        if (value < min || value > max) errors.Add($"{path}:{name} must be from {min} to {max} (was {value})");
    }
}
