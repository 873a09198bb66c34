using Pulse.Host.Configuration;
using Pulse.Host.Simulator.Internal;

namespace Pulse.Host.Demo.Internal;

/// <summary>A demo run, typed and checked: built once from <see cref="DemoOptions"/> by <see cref="TryCreate"/>, which names every bad setting.</summary>
internal sealed record DemoPlan
{
    public TimeSpan? Duration { get; init; }

    public double Speed { get; init; }

    public int Replicas { get; init; }

    /// <summary>Whether the private PostgreSQL keeps running with its data after the run, and the state directory stays (<c>--keep</c>).</summary>
    public bool Keep { get; init; }

    public TimeSpan ReportEvery { get; init; }

    /// <summary>Random mode: simulated vehicles (0: none).</summary>
    public int Vehicles { get; init; }

    /// <summary>CSV mode: the vehicle positions replayed before the readings, or null.</summary>
    public string? VehiclesCsv { get; init; }

    /// <summary>Where the archive goes, or null for none.</summary>
    public string? Archive { get; init; }

    /// <summary>The dashboard's port on 127.0.0.1 (0: any free one).</summary>
    public int DashboardPort { get; init; }

    /// <summary>Whether the port was given (a taken port is then an error rather than a reason to take another).</summary>
    public bool DashboardPortGiven { get; init; }

    public TimeSpan CatchUpTimeout { get; init; }

    public TimeSpan DrainTimeout { get; init; }

    /// <summary>The simulator's run (random or csv), as its own settings describe it.</summary>
    public SimulationPlan Simulation { get; init; } = null!;

    /// <summary>The pipeline's topics.</summary>
    public Pulse.Vitals.VitalsTopics Topics { get; init; } = new();

    /// <summary>Partitions of each pipeline topic.</summary>
    public int Partitions { get; init; }

    /// <summary>The replicas' application id (their consumer group).</summary>
    public string ApplicationId { get; init; } = "";

    /// <summary>The sink's consumer group (its offsets in <c>sink_offsets</c>).</summary>
    public string SinkGroup { get; init; } = "";

    /// <summary>The PostgreSQL to use; null: start a private one.</summary>
    public string? PostgresConnectionString { get; init; }

    /// <summary>Whether the simulator replays a file (and the demo ends once it is all in PostgreSQL).</summary>
    public bool Csv => Simulation.Mode == SimulationMode.Csv;

    /// <summary>The plan <paramref name="options"/> describe, or null with every problem added to <paramref name="errors"/>.</summary>
    public static DemoPlan? TryCreate(DemoOptions options, SettingErrors errors)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(errors);
        var before = errors.Count;
        TimeSpan? duration = options.Duration is null ? null : ParseDuration(errors, "Demo:Duration", options.Duration, allowZero: false);
        if (double.IsNaN(options.Speed) || options.Speed < 1 || options.Speed > 100)
            errors.Add("Demo:Speed", FormattableString.Invariant($"must be between 1 and 100 seconds of patient time per second (got {options.Speed})."));
        errors.Range("Demo:Replicas", options.Replicas, 1, 4);
        if (options.DashboardPort is { } port) errors.Range("Demo:DashboardPort", port, 0, 65_535);
        errors.Range("Demo:Vehicles", options.Vehicles, 0, 10_000);
        if (options.VehiclesCsv is { } vehicles && !File.Exists(vehicles)) errors.Add("Demo:VehiclesCsv", $"no file '{vehicles}'.");
        if (options.Archive is { } archive && (archive.IndexOfAny(Path.GetInvalidPathChars()) >= 0 || File.Exists(archive)))
            errors.Add("Demo:Archive", "must be a directory path (not a file).");
        if (options.StateDir is { } dir && (string.IsNullOrWhiteSpace(dir) || dir.IndexOfAny(Path.GetInvalidPathChars()) >= 0 || File.Exists(dir)))
            errors.Add("Demo:StateDir", "must be a directory path (not a file).");
        var report = ParseDuration(errors, "Demo:ReportEvery", options.ReportEvery, allowZero: false);
        var catchUp = ParseDuration(errors, "Demo:CatchUpTimeout", options.CatchUpTimeout, allowZero: false);
        var drain = ParseDuration(errors, "Demo:DrainTimeout", options.DrainTimeout, allowZero: true);
        if (errors.Count > before) return null;
        return new DemoPlan
        {
            Duration = duration,
            Speed = options.Speed,
            Replicas = options.Replicas,
            Keep = options.Keep,
            ReportEvery = report!.Value,
            Vehicles = options.Vehicles,
            VehiclesCsv = options.VehiclesCsv,
            Archive = string.IsNullOrWhiteSpace(options.Archive) ? null : Path.GetFullPath(options.Archive),
            DashboardPort = options.DashboardPort ?? DemoOptions.DefaultDashboardPort,
            DashboardPortGiven = options.DashboardPort is not null,
            CatchUpTimeout = catchUp!.Value,
            DrainTimeout = drain!.Value,
        };
    }

    private static TimeSpan? ParseDuration(SettingErrors errors, string key, string? text, bool allowZero)
    {
        if (DurationText.TryParse(text, out var value) && (value > TimeSpan.Zero || (allowZero && value == TimeSpan.Zero))) return value;
        errors.Add(key, $"must be a {(allowZero ? "" : "positive ")}duration like {DurationText.Examples} (got '{text}').");
        return null;
    }
}
