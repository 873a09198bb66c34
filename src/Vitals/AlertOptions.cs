using Pulse.Streams.Errors;

namespace Pulse.Vitals;

/// <summary>
/// The alert stage's rules, episodes and timings (docs/VITALS-TOPOLOGY.md explains the defaults), bound from configuration section
/// <c>Vitals:Alerts</c> (durations as <c>hh:mm:ss</c>). <see cref="ValidateOrThrow"/> runs when the
/// alert stage is added to a topology, so a bad value fails at start-up with a message naming the setting.
/// </summary>
public sealed class AlertOptions
{
    /// <summary>The configuration path of these options, which validation messages name.</summary>
    public const string Section = VitalsOptions.Section + ":Alerts";

    private static readonly TimeSpan MaxDuration = TimeSpan.FromDays(1);

    /// <summary>
    /// A condition counts in an episode only once it has held this long (event time): a one-reading
    /// spike from a moving probe raises nothing. 15 s: a 15 s delay cut SpO2 alarms by 60 % (Taenzer 2010).
    /// </summary>
    public TimeSpan AlarmDelay { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A reading scoring at least this much NEWS2 counts at once, without the alarm delay (NEWS2's emergency response threshold).</summary>
    public int UrgentNews2Score { get; set; } = 7;

    /// <summary>The NEWS2 finding clears once the patient's readings have been at low or no risk for this long (event time).</summary>
    public TimeSpan News2ResolveAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>A vital must be critical in every reading for at least this long to hold as SUSTAINED…</summary>
    public TimeSpan SustainedMinDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>…and in at least this many readings.</summary>
    public int SustainedMinReadings { get; set; } = 3;

    /// <summary>A SUSTAINED finding clears on a non-critical value this long after the vital's last critical one.</summary>
    public TimeSpan SustainedResolveAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>A heart rate at least this many bpm above or below the patient's rolling mean holds as RAPID_CHANGE.</summary>
    public int RapidHeartRateChange { get; set; } = 30;

    /// <summary>An SpO2 at least this many points below the patient's rolling mean holds as RAPID_CHANGE (a rise never does).</summary>
    public int RapidSpo2Drop { get; set; } = 5;

    /// <summary>RAPID_CHANGE needs at least this many readings in the rolling window (the mean of fewer says little).</summary>
    public int RapidChangeMinReadings { get; set; } = 5;

    /// <summary>A RAPID_CHANGE finding clears this long after it last held.</summary>
    public TimeSpan RapidChangeResolveAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>An unacknowledged CRITICAL episode reminds (REMINDED, on the dispatch topic) this long after it became critical, and again after each reminder (wall clock).</summary>
    public TimeSpan ReminderInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>At most this many reminders per episode (0: none): with RAISED and ESCALATED, at most 3 notifications by default.</summary>
    public int MaxReminders { get; set; } = 1;

    /// <summary>A patient whose readings stop for this long (wall clock) gets a NO_DATA technical alert, resolved by the next reading.</summary>
    public TimeSpan NoDataTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>A patient silent this long (wall clock) is forgotten: open episodes close and every per-patient store drops them.</summary>
    public TimeSpan ForgetAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often the stage looks for reminders, NO_DATA and patients to forget (wall clock).</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(1);

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
        Duration(path, nameof(AlarmDelay), AlarmDelay, MaxDuration, errors, allowZero: true);
        Count(path, nameof(UrgentNews2Score), UrgentNews2Score, 1, 20, errors);
        Duration(path, nameof(News2ResolveAfter), News2ResolveAfter, MaxDuration, errors);
        Duration(path, nameof(SustainedMinDuration), SustainedMinDuration, MaxDuration, errors, allowZero: true);
        Count(path, nameof(SustainedMinReadings), SustainedMinReadings, 1, 10_000, errors);
        Duration(path, nameof(SustainedResolveAfter), SustainedResolveAfter, MaxDuration, errors);
        Count(path, nameof(RapidHeartRateChange), RapidHeartRateChange, 1, 298, errors);
        Count(path, nameof(RapidSpo2Drop), RapidSpo2Drop, 1, 99, errors);
        Count(path, nameof(RapidChangeMinReadings), RapidChangeMinReadings, 1, 10_000, errors);
        Duration(path, nameof(RapidChangeResolveAfter), RapidChangeResolveAfter, MaxDuration, errors);
        Duration(path, nameof(ReminderInterval), ReminderInterval, MaxDuration, errors);
        Count(path, nameof(MaxReminders), MaxReminders, 0, 100, errors);
        Duration(path, nameof(NoDataTimeout), NoDataTimeout, MaxDuration, errors);
        Duration(path, nameof(ForgetAfter), ForgetAfter, TimeSpan.FromDays(365), errors);
        Duration(path, nameof(CheckInterval), CheckInterval, TimeSpan.FromMinutes(1), errors);
        if (ForgetAfter <= NoDataTimeout && ForgetAfter > TimeSpan.Zero && NoDataTimeout > TimeSpan.Zero)
            errors.Add($"{path}:{nameof(ForgetAfter)} must be longer than {path}:{nameof(NoDataTimeout)} ({NoDataTimeout:c}; was {ForgetAfter:c})");
    }

    private static void Duration(string path, string name, TimeSpan value, TimeSpan max, List<string> errors, bool allowZero = false)
    {
        var tooSmall = allowZero ? value < TimeSpan.Zero : value <= TimeSpan.Zero;
        if (tooSmall || value > max || value.Ticks % TimeSpan.TicksPerMillisecond != 0)
            errors.Add($"{path}:{name} must be a whole number of milliseconds {(allowZero ? "from 0" : "above 0")} up to {max:c} (was {value:c})");
    }

    private static void Count(string path, string name, int value, int min, int max, List<string> errors)
    {
        if (value < min || value > max) errors.Add($"{path}:{name} must be from {min} to {max} (was {value})");
    }
}
