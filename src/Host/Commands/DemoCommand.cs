using System.CommandLine;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Pulse.Host.Demo;
using Pulse.Host.Observability;

namespace Pulse.Host.Commands;

/// <summary><c>pulse demo</c>: the whole pipeline in one process on embedded defaults (<see cref="DemoRunner"/>).</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        IReadOnlyList<SettingFlag> flags =
        [
            SettingFlag.For<string>("--duration", "Demo:Duration",
                "How long readings flow, e.g. 30s, 5m (wall clock); absent: until Ctrl+C, or with --csv until everything the file produced is in PostgreSQL"),
            SettingFlag.CountOrList("--patients", "Simulator:Patients", "Simulator:PatientIds",
                "Generated patients: how many, P-0001… (default 50), or their ids separated by commas"),
            SettingFlag.For<double>("--rate", "Simulator:Rate",
                "Readings per second of patient time in total (default: one per patient); with --csv, readings/s of the replay (default: as fast as possible)"),
            SettingFlag.For<string>("--interval", "Simulator:Interval", "Time between one patient's readings in patient time, e.g. 2s (instead of --rate)"),
            SettingFlag.For<double>("--speed", "Demo:Speed", "Seconds of patient time per second of the clock, 1 to 100 (default 5): windows close and patients deteriorate within a short demo"),
            SettingFlag.For<string>("--scenario", "Simulator:Scenario", "normal, deteriorating or mixed (default mixed: a fifth of the patients deteriorate)"),
            SettingFlag.For<string>("--deterioration", "Simulator:Deterioration", "How long a deterioration takes, in patient time (default 2m)"),
            SettingFlag.For<int>("--seed", "Simulator:Seed", "Seed for a reproducible cohort (default: random, logged)"),
            SettingFlag.For<string>("--csv", "Simulator:Csv", "Replay this CSV file instead of generating patients (format: docs/SIMULATOR.md), then exit once it is all in PostgreSQL"),
            SettingFlag.For<string>("--postgres", "Postgres:ConnectionString",
                "Use this PostgreSQL (Npgsql connection string; it is migrated) instead of starting a private one from the system's binaries"),
            SettingFlag.For<string>("--state-dir", "Demo:StateDir", "Where the replicas' state and the private PostgreSQL live (default: a temp folder, deleted at the end)"),
            SettingFlag.For<bool>("--keep", "Demo:Keep", "Leave the private PostgreSQL running with its rows, and the state directory, after the run (prints how to connect and stop it)"),
            SettingFlag.For<int>("--replicas", "Demo:Replicas", "Topology replicas, 1 to 4 (default 2)"),
            SettingFlag.For<int>("--vehicles", "Demo:Vehicles", "Emergency vehicles cruising the patients' area, sent to critical patients (default 10; 0 for none)"),
            SettingFlag.For<string>("--vehicles-csv", "Demo:VehiclesCsv",
                "With --csv: vehicle positions to replay first (vehicle_id,timestamp,latitude,longitude,status); the run ends once both files are in PostgreSQL"),
            SettingFlag.For<string>("--archive", "Demo:Archive",
                "Also archive vitals.raw and vitals.enriched as Parquet files in this directory (then: pulse batch daily --archive DIR); with --csv the run ends once they are archived"),
            SettingFlag.For<int>("--dashboard-port", "Demo:DashboardPort",
                $"Port of the ward dashboard on 127.0.0.1 (default {DemoOptions.DefaultDashboardPort}, or a free one if that is taken; 0: any free port)"),
            SettingFlag.For<int>("--partitions", "Topics:Partitions", "Partitions of each pipeline topic (default 6)"),
            SettingFlag.For<string>("--report-every", "Demo:ReportEvery", "How often the counts are printed (default 5s)"),
        ];
        var command = new Command("demo",
            "Runs the whole pipeline in one process: an embedded Kafka cluster (3 brokers), a private PostgreSQL started from the system's binaries " +
            "(or --postgres), the in-process schema registry, two topology replicas, the Postgres sink and a simulator of mixed patients. Prints " +
            "what it starts, where to look, and the counts every few seconds; stops on Ctrl+C or after --duration. With --csv it replays the file " +
            "and exits once everything the file produced is in PostgreSQL (windows still open at its end are not emitted); exit code 1 if rows " +
            "could not be read or a part failed.");
        foreach (var flag in flags) command.Add(flag.Option);
        command.SetAction(async (parse, _) =>
        {
            var builder = CommandHost.CreateBuilder(parse, flags);
            // The demo's defaults for its parts sit beneath every other source.
            builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = DemoDefaults.Settings });
            builder.Services.AddPulseDemo(builder.Configuration);
            // The log goes to a file (AddPulseDemo); the screen is the demo's own narration, with warnings and errors one line each.
            builder.Logging.AddFilter<ConsoleLoggerProvider>(null, LogLevel.Warning);
            builder.Services.Configure<OneLineConsoleFormatterOptions>(o => o.MaxWidth = TerminalWidth());
            var host = builder.Build();
            return await CommandHost.RunAsync(parse, host, flags, services => services.GetRequiredService<DemoRunner>().Fault).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>The width of the terminal stderr goes to, or null when it goes elsewhere.</summary>
    private static int? TerminalWidth()
    {
        if (Console.IsErrorRedirected) return null;
        try
        {
            return Console.WindowWidth > 20 ? Console.WindowWidth : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
