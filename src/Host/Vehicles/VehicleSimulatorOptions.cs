namespace Pulse.Host.Vehicles;

/// <summary>
/// <c>pulse simulate vehicles</c>: configuration section <see cref="Section"/> (flags, or <c>PULSE__Vehicles__…</c>).
/// Durations are text like <c>5s</c>, <c>2m</c>. Validated at start-up.
/// </summary>
public sealed class VehicleSimulatorOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string Section = "Vehicles";

    /// <summary><c>random</c> (a fleet cruising the area) or <c>csv</c> (replay <see cref="Csv"/>); default csv when a file is given.</summary>
    public string? Mode { get; set; }

    /// <summary>CSV mode: the file to replay, columns <c>vehicle_id,timestamp,latitude,longitude,status</c>.</summary>
    public string? Csv { get; set; }

    /// <summary>Random mode: vehicles, V-01… (default 10).</summary>
    public int Count { get; set; } = 10;

    /// <summary>Random mode: the centre of the area, <c>LAT,LON</c> in WGS84 degrees (<c>--center</c>; default central London, as the patients').</summary>
    public string Center { get; set; } = "51.5074,-0.1278";

    /// <summary>Random mode: vehicles cruise within this many km of the centre (default 10).</summary>
    public double RadiusKm { get; set; } = 10;

    /// <summary>Random mode: how often each vehicle reports its position, in the clock's time (default 5s).</summary>
    public string Interval { get; set; } = "5s";

    /// <summary>Random mode: how fast vehicles drive, cruising or to a patient (default 40 km/h).</summary>
    public double SpeedKmh { get; set; } = 40;

    /// <summary>Random mode: how long a vehicle stays with a patient before it is AVAILABLE again (default 2m).</summary>
    public string OnSceneFor { get; set; } = "2m";

    /// <summary>Random mode: seed of the fleet's starting points and routes (default: random, logged).</summary>
    public int? Seed { get; set; }

    /// <summary>How long to run (random mode; absent: until stopped) — a CSV replay ends with its file.</summary>
    public string? Duration { get; set; }
}
