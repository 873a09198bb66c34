namespace Pulse.Host.Simulator;

/// <summary>
/// How <c>pulse simulate</c> runs: configuration section <see cref="Section"/> (appsettings.json,
/// <c>PULSE__Simulator__…</c>, or the command's flags). Validated at start-up; durations are text
/// like <c>30s</c>, <c>5m</c>, <c>1h30m</c>, <c>250ms</c> or <c>00:05:00</c>.
/// </summary>
public sealed class SimulatorOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string Section = "Simulator";

    /// <summary>
    /// <c>random</c> (generated patients) or <c>csv</c> (replay <see cref="Csv"/>) (<c>--mode</c>).
    /// When not set: <c>csv</c> if <see cref="Csv"/> is set, otherwise <c>random</c>.
    /// </summary>
    public string? Mode { get; set; }

    /// <summary>The CSV file to replay in <c>csv</c> mode (<c>--csv</c>).</summary>
    public string? Csv { get; set; }

    /// <summary>Readings per second in total (<c>--rate</c>). 0 (the default): one reading per patient per second in random mode, as fast as possible in csv mode.</summary>
    public double Rate { get; set; }

    /// <summary>
    /// How long to run (<c>--duration</c>); not set: until Ctrl+C (random mode) or the end of the file (csv mode).
    /// A paced run publishes exactly duration × rate readings; an unpaced csv run stops when the time is up.
    /// </summary>
    public string? Duration { get; set; }

    /// <summary>Random mode: how many patients (<c>--patients 10</c>), ids <c>P-0001</c>, <c>P-0002</c>, …; unused when <see cref="PatientIds"/> is set.</summary>
    public int Patients { get; set; } = 10;

    /// <summary>Random mode: the patients by id, separated by commas (<c>--patients "P001,P002,P003"</c>), instead of <see cref="Patients"/> numbered ones.</summary>
    public string? PatientIds { get; set; }

    /// <summary>
    /// Random mode: the time between one patient's readings (<c>--interval 2s</c>), as the producers Pulse replaces
    /// took it; the total rate is then patients ÷ interval. Give this or <see cref="Rate"/>, not both.
    /// </summary>
    public string? Interval { get; set; }

    /// <summary>Random mode: <c>normal</c>, <c>deteriorating</c> or <c>mixed</c> (the default) (<c>--scenario</c>).</summary>
    public string Scenario { get; set; } = "mixed";

    /// <summary>Random mode: the share of patients that deteriorate in the <c>mixed</c> scenario, 0 to 1 (<c>--deteriorating-share</c>); at least one when above 0.</summary>
    public double DeterioratingShare { get; set; } = 0.2;

    /// <summary>Random mode: how long a deteriorating patient takes from their baseline to the full pattern, once it starts (<c>--deterioration</c>). Onsets fall in the first half of this span after the start.</summary>
    public string Deterioration { get; set; } = "10m";

    /// <summary>Random mode: the seed (<c>--seed</c>); the same seed, settings and <see cref="Start"/> give the same readings. Not set: a random seed, logged at start.</summary>
    public int? Seed { get; set; }

    /// <summary>
    /// Random mode: the first reading's timestamp, ISO-8601 with a UTC offset (<c>--start</c>); reading k is stamped start + k / rate.
    /// Not set: the time the run starts.
    /// </summary>
    public string? Start { get; set; }

    /// <summary>Random mode: latitude of the centre patients live around, WGS84 degrees (<c>--center-lat</c>).</summary>
    public double Latitude { get; set; } = 51.5074;

    /// <summary>Random mode: longitude of the centre patients live around, WGS84 degrees (<c>--center-lon</c>).</summary>
    public double Longitude { get; set; } = -0.1278;

    /// <summary>Random mode: patients live within this many kilometres of the centre (<c>--radius-km</c>).</summary>
    public double RadiusKm { get; set; } = 10;

    /// <summary>Random mode: the share of readings with one device artefact, an impossible value the topology dead-letters (0 to 0.5).</summary>
    public double ArtefactRate { get; set; } = 0.015;

    /// <summary>Random mode: the chance that a vital is missing (null) from a reading (0 to 0.5).</summary>
    public double MissingRate { get; set; } = 0.02;

    /// <summary>How often a line of progress is printed when the output is not a terminal.</summary>
    public string ReportEvery { get; set; } = "5s";
}
