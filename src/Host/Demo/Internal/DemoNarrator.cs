using System.Globalization;
using Pulse.Host.Commands;
using Pulse.Host.Simulator.Internal;

namespace Pulse.Host.Demo.Internal;

/// <summary>
/// What <c>pulse demo</c> says on its output (stdout; logs go to the log file, warnings and errors to
/// stderr): each step as it starts, where to look while it runs and again at the end, and the counts.
/// Commands it prints are ones a person can paste (<see cref="PulseExecutable"/>).
/// </summary>
internal sealed class DemoNarrator(TextWriter output, DemoPlan plan, DemoWorkspace workspace)
{
    public void Say(string line)
    {
        output.WriteLine(line);
        output.Flush();
    }

    public void Opening()
    {
        Say("pulse demo: the whole vitals pipeline in one process; Ctrl+C stops it.");
        Say($"  state: {workspace.StateDir}{(workspace.Temporary && !plan.Keep ? " (deleted at the end, but for the log)" : "")}");
        Say($"  log:   {workspace.LogFile} (the screen shows warnings and errors only)");
    }

    /// <summary>Where to look while the pipeline runs: the rows, the alerts as they come, the log.</summary>
    public void WhereToLook(DemoDatabase database, string bootstrapServers, Uri? dashboard)
    {
        Say("Where to look (while it runs):");
        if (dashboard is not null) Say($"  {dashboard}  (the ward dashboard: open it in a browser)");
        Say($"  {database.PsqlCommand()} -c 'SELECT patient_id, ts, rule, severity, state, message FROM alerts ORDER BY ts DESC LIMIT 20'");
        Say($"  {PulseExecutable.Command()} alerts --bootstrap-servers {bootstrapServers} --all --from-beginning");
        Say($"  tail -f {workspace.LogFile}");
        Say("  (tables: readings, invalid_readings, vital_stats_1m, alerts, dispatch_orders; view daily_patient_stats)");
    }

    /// <summary>Where to look once it has stopped: what is left, and how to get at it or get rid of it.</summary>
    public void WhereToLookAfter(DemoDatabase? database, string? stopCommand)
    {
        Say("Where to look now:");
        if (database is not null && (stopCommand is not null || database.Folder is null))
        {
            Say($"  {database.PsqlCommand()} -c 'SELECT * FROM daily_patient_stats'");
            if (stopCommand is not null) Say($"  (PostgreSQL keeps running with the rows; stop it with: {stopCommand})");
        }
        else if (database is not null)
        {
            Say("  the private PostgreSQL and its rows are gone; run with --keep to keep them, or --postgres to use your own");
        }
        if (plan.Archive is { } archive)
        {
            Say($"  the archive: {archive} (Parquet files of {plan.Topics.Raw} and {plan.Topics.Enriched})");
            if (database is not null && (stopCommand is not null || database.Folder is null))
            {
                var connection = $"PULSE__Postgres__ConnectionString=\"{database.ConnectionStringWithoutPassword()}\"";
                var days = Path.Combine(archive, plan.Topics.Enriched);
                var day = Directory.Exists(days) ? Directory.GetDirectories(days, "date=*").Select(d => Path.GetFileName(d)[5..]).Max(StringComparer.Ordinal) : null;
                Say($"  {connection} {PulseExecutable.Command()} batch daily --archive {archive} --date {day ?? "YYYY-MM-DD"}");
                Say($"  {connection} {PulseExecutable.Command()} batch reconcile --date {day ?? "YYYY-MM-DD"}");
            }
        }
        Say($"  the log: {workspace.LogFile}");
    }

    /// <summary>Two lines that fit a terminal: what went through Kafka, then the rows in PostgreSQL beneath it.</summary>
    public void Counts(string prefix, TimeSpan elapsed, PipelineCounts counts)
    {
        var head = string.Create(CultureInfo.InvariantCulture, $"{prefix}[{elapsed:mm\\:ss}] ");
        Say(head + counts.FlowLine());
        Say(new string(' ', head.Length) + counts.Rows.Line());
    }

    public string Until() => plan.Duration is { } d ? $"for {DurationText.Format(d)}"
        : plan.Simulation.ReadingLimit is { } limit ? $"until the simulator has published {limit:N0} readings and they have reached PostgreSQL"
        : "until Ctrl+C";

    public string DescribeSimulation()
    {
        var s = plan.Simulation;
        if (plan.Csv) return $"replaying {s.CsvPath} {(s.Rate is { } r ? string.Create(CultureInfo.InvariantCulture, $"at {r:0.##} readings/s") : "as fast as possible")}";
        var rate = s.Rate ?? s.Patients;
        return string.Create(CultureInfo.InvariantCulture,
            $"{s.Patients} patients, scenario {s.Scenario.ToString().ToLowerInvariant()} (deteriorations over {DurationText.Format(s.Deterioration)} of patient time), " +
            $"{rate:0.##} readings per second of patient time, patient time at {plan.Speed:0.##}x the clock ({rate * plan.Speed:0.##} readings/s)");
    }
}
