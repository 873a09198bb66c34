namespace Pulse.Host.Demo;

/// <summary>
/// How <c>pulse demo</c> runs: configuration section <see cref="Section"/> (appsettings.json,
/// <c>PULSE__Demo__…</c>, or the command's flags). The components' own settings keep their sections
/// (<c>Simulator</c>, <c>Streams</c>, <c>Sink</c>, <c>Vitals</c>, <c>Topics</c>, <c>Broker</c>), with the
/// demo's defaults under them (<see cref="DemoDefaults"/>). Validated at start-up; durations are
/// text like <c>30s</c>, <c>5m</c> or <c>00:05:00</c>.
/// </summary>
public sealed class DemoOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string Section = "Demo";

    /// <summary>
    /// How long to run, wall-clock (<c>--duration</c>); not set: until Ctrl+C, or with a CSV file
    /// until everything it produced is in PostgreSQL.
    /// </summary>
    public string? Duration { get; set; }

    /// <summary>
    /// Random mode: seconds of the patients' time per second of the wall clock (<c>--speed</c>, 1 to
    /// 100; default 5), so windows close and deteriorations unfold within a short demo. With a
    /// duration, the first reading is stamped that much earlier, so the last is stamped about now.
    /// </summary>
    public double Speed { get; set; } = 5;

    /// <summary>Topology replicas, each a KafkaStreams instance of the same application with its own state directory (1 to 4; default 2).</summary>
    public int Replicas { get; set; } = 2;

    /// <summary>
    /// Where the replicas' state and the private PostgreSQL live (<c>--state-dir</c>). Not set: a new
    /// folder in the temp directory, deleted at the end. The private PostgreSQL's folder is always deleted.
    /// </summary>
    public string? StateDir { get; set; }

    /// <summary>
    /// Leave the private PostgreSQL running with its rows, and the state directory in place, after the run
    /// (<c>--keep</c>); the demo prints how to connect and how to stop it. Default false: both are deleted.
    /// </summary>
    public bool Keep { get; set; }

    /// <summary>
    /// The port of the ward dashboard on 127.0.0.1 (<c>--dashboard-port</c>); not set: <see cref="DefaultDashboardPort"/>, or any
    /// free port when that one is taken; 0: any free port. The demo prints the address.
    /// </summary>
    public int? DashboardPort { get; set; }

    /// <summary>The dashboard's port when <see cref="DashboardPort"/> is not set.</summary>
    public const int DefaultDashboardPort = 8180;

    /// <summary>Random mode: emergency vehicles cruising the patients' area, sent to critical patients (<c>--vehicles</c>; default 10, 0 for none).</summary>
    public int Vehicles { get; set; } = 10;

    /// <summary>
    /// CSV mode: a file of vehicle positions to replay before the readings (<c>--vehicles-csv</c>; columns
    /// <c>vehicle_id,timestamp,latitude,longitude,status</c>); the run ends once both files and all they led to, orders included, are in PostgreSQL.
    /// </summary>
    public string? VehiclesCsv { get; set; }

    /// <summary>
    /// Also archive vitals.raw and vitals.enriched as Parquet files under this directory (<c>--archive</c>; docs/ARCHIVE.md); with a
    /// CSV file the run ends once they are archived too. Absent: no archive.
    /// </summary>
    public string? Archive { get; set; }

    /// <summary>How often the live counts are printed (<c>--report-every</c>; default 5s).</summary>
    public string ReportEvery { get; set; } = "5s";

    /// <summary>
    /// CSV mode: how long to wait, once the file is published, for the replicas and the sink to
    /// catch up before giving up (default 5m).
    /// </summary>
    public string CatchUpTimeout { get; set; } = "5m";

    /// <summary>
    /// After <see cref="Duration"/>, how long the simulator's last readings get to reach PostgreSQL
    /// before the components stop (default 15s; 0 stops at once). Ctrl+C stops at once.
    /// </summary>
    public string DrainTimeout { get; set; } = "15s";
}
