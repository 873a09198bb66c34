namespace Pulse.Host.Dashboard;

/// <summary>
/// <c>pulse dashboard</c>'s settings: configuration section <see cref="Section"/> (flags, or
/// <c>PULSE__Dashboard__…</c>). Topics come from <c>Vitals:Topics</c>, PostgreSQL from <c>Postgres</c>. Validated at start-up.
/// </summary>
public sealed class DashboardOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string Section = "Dashboard";

    /// <summary>Where the web server listens (<c>--urls</c>): loopback unless you say otherwise.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:8080";

    /// <summary>A tile shows "no data" once its patient's readings have stopped for this long (as the topology's NO_DATA alarm).</summary>
    public TimeSpan NoDataAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How much of each patient's heart rate and SpO2 a tile draws.</summary>
    public TimeSpan Trend { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often changed tiles and episodes are pushed to browsers: at most this many repaints per second per tile, the inverse.</summary>
    public TimeSpan PushInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>At start, how many of the latest enriched readings of each partition to read (the tiles' latest values and trends).</summary>
    public int Backlog { get; set; } = 2000;

    /// <summary>At start with PostgreSQL, patients with a reading this recent get a tile even when the backlog holds none of theirs.</summary>
    public TimeSpan PatientLookback { get; set; } = TimeSpan.FromHours(24);

    /// <summary>A replica's HTTP address (<c>http://127.0.0.1:9464</c>) whose interactive queries answer for any patient; empty: none.</summary>
    public string? StateUrl { get; set; }
}
