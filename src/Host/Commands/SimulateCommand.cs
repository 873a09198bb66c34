using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Host.Observability;
using Pulse.Host.Simulator;
using Pulse.Host.Simulator.Internal;

namespace Pulse.Host.Commands;

/// <summary><c>pulse simulate</c>: publishes generated or replayed <c>VitalReading</c>s to the raw topic (<see cref="SimulatorServiceCollectionExtensions"/>).</summary>
internal static class SimulateCommand
{
    /// <summary>Where /healthz, /readyz and /metrics listen unless <c>--http</c> says otherwise.</summary>
    public const int DefaultHttpPort = 9467;

    public static Command Create()
    {
        IReadOnlyList<SettingFlag> flags =
        [
            .. KafkaFlags.WithRegistry(),
            SettingFlag.For<string>("--topic", "Vitals:Topics:Raw", "Topic to publish to (default vitals.raw)"),
            SettingFlag.For<string>("--mode", "Simulator:Mode", "random (generated patients) or csv (replay --csv); default csv when --csv is given, else random"),
            SettingFlag.For<string>("--csv", "Simulator:Csv", "CSV file to replay in csv mode"),
            SettingFlag.For<double>("--rate", "Simulator:Rate",
                "Readings per second in total (instead of --interval); 0 or absent: one per patient per second (random), as fast as possible (csv)"),
            SettingFlag.For<string>("--duration", "Simulator:Duration", "How long to run, e.g. 30s, 5m, 1h30m; absent: until Ctrl+C (random) or the end of the file (csv)"),
            SettingFlag.CountOrList("--patients", "Simulator:Patients", "Simulator:PatientIds",
                "Random mode: how many patients, P-0001… (default 10), or their ids separated by commas, e.g. \"P001,P002,P003\""),
            SettingFlag.For<string>("--interval", "Simulator:Interval", "Random mode: time between one patient's readings, e.g. 2s (instead of --rate)"),
            SettingFlag.For<string>("--scenario", "Simulator:Scenario", "Random mode: normal, deteriorating or mixed (default mixed)"),
            SettingFlag.For<double>("--deteriorating-share", "Simulator:DeterioratingShare", "Mixed scenario: share of patients who deteriorate, 0 to 1 (default 0.2)"),
            SettingFlag.For<string>("--deterioration", "Simulator:Deterioration", "Random mode: how long a deterioration takes from baseline to the full pattern (default 10m)"),
            SettingFlag.For<int>("--seed", "Simulator:Seed", "Random mode: seed for a reproducible run (default: random, logged)"),
            SettingFlag.For<string>("--start", "Simulator:Start",
                "Random mode: first reading's timestamp, ISO-8601 with offset (default: now); with --seed, makes timestamps reproducible too"),
            SettingFlag.For<double>("--center-lat", "Simulator:Latitude", "Random mode: latitude patients live around (default 51.5074)"),
            SettingFlag.For<double>("--center-lon", "Simulator:Longitude", "Random mode: longitude patients live around (default -0.1278)"),
            SettingFlag.For<double>("--radius-km", "Simulator:RadiusKm", "Random mode: patients live within this radius of the centre, km (default 10)"),
            .. ObservabilityFlags.WithHttp(DefaultHttpPort),
        ];
        var command = new Command("simulate",
            "Publishes VitalReadings (key: patient id; value: Avro) to vitals.raw with an idempotent producer. " +
            "Random mode generates patients who drift around their own baselines, some deteriorating into sepsis-like or hypoxic " +
            "patterns, with missing vitals and occasional device artefacts; csv mode replays a file in file order. " +
            "Exits 1 when a CSV row could not be read (after publishing the others) or readings were not delivered.");
        foreach (var flag in flags) command.Add(flag.Option);
        command.Add(SimulateVehiclesCommand.Create());
        command.SetAction(async (parse, _) =>
        {
            var builder = CommandHost.CreateBuilder(parse, flags);
            builder.Services.AddPulseTelemetry(builder.Configuration, "pulse-simulate");
            builder.Services.AddPulseHttpEndpoint(builder.Configuration, DefaultHttpPort);
            builder.Services.AddPulseSimulator(builder.Configuration);
            var host = builder.Build();
            return await CommandHost.RunAsync(parse, host, flags, services => services.GetRequiredService<VitalsSimulator>().Fault).ConfigureAwait(false);
        });
        return command;
    }
}
