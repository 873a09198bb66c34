using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Host.Observability;
using Pulse.Host.Vehicles;

namespace Pulse.Host.Commands;

/// <summary><c>pulse simulate vehicles</c>: publishes emergency vehicles' positions to <c>vehicles.positions</c> (<see cref="VehicleSimulator"/>).</summary>
internal static class SimulateVehiclesCommand
{
    /// <summary>Where /healthz, /readyz and /metrics listen unless <c>--http</c> says otherwise.</summary>
    public const int DefaultHttpPort = 9468;

    public static Command Create()
    {
        IReadOnlyList<SettingFlag> flags =
        [
            .. KafkaFlags.WithRegistry(),
            SettingFlag.For<string>("--mode", "Vehicles:Mode", "random (a cruising fleet) or csv (replay --csv); default csv when --csv is given"),
            SettingFlag.For<string>("--csv", "Vehicles:Csv", "CSV file to replay: vehicle_id,timestamp,latitude,longitude,status"),
            SettingFlag.For<int>("--count", "Vehicles:Count", "Random mode: how many vehicles, V-01… (default 10)"),
            SettingFlag.For<string>("--center", "Vehicles:Center", "Random mode: LAT,LON of the area's centre (default 51.5074,-0.1278)"),
            SettingFlag.For<double>("--radius-km", "Vehicles:RadiusKm", "Random mode: vehicles cruise within this radius of the centre, km (default 10)"),
            SettingFlag.For<string>("--interval", "Vehicles:Interval", "Random mode: how often each vehicle reports its position (default 5s)"),
            SettingFlag.For<double>("--speed-kmh", "Vehicles:SpeedKmh", "Random mode: driving speed, km/h (default 40)"),
            SettingFlag.For<string>("--on-scene", "Vehicles:OnSceneFor", "Random mode: time with a patient before AVAILABLE again (default 2m)"),
            SettingFlag.For<int>("--seed", "Vehicles:Seed", "Random mode: seed of the fleet (default: random, logged)"),
            SettingFlag.For<string>("--duration", "Vehicles:Duration", "Random mode: how long to run, e.g. 10m (default: until Ctrl+C)"),
            .. ObservabilityFlags.WithHttp(DefaultHttpPort),
        ];
        var command = new Command("vehicles",
            "Publishes emergency vehicles' positions (key: vehicle id; value: Avro VehiclePosition) to vehicles.positions. Random mode: a fleet " +
            "cruising the area, each vehicle sent to its patient by the ASSIGNED orders on dispatch.orders, ON_SCENE on arrival, AVAILABLE again " +
            "after --on-scene; csv mode replays a file. Exits 1 when a CSV row could not be read or positions were not delivered.");
        foreach (var flag in flags) command.Add(flag.Option);
        command.SetAction(async (parse, _) =>
        {
            var builder = CommandHost.CreateBuilder(parse, flags);
            builder.Services.AddPulseTelemetry(builder.Configuration, "pulse-simulate-vehicles");
            builder.Services.AddPulseHttpEndpoint(builder.Configuration, DefaultHttpPort);
            builder.Services.AddPulseVehicleSimulator(builder.Configuration);
            var host = builder.Build();
            return await CommandHost.RunAsync(parse, host, flags, services => services.GetRequiredService<VehicleSimulator>().Fault).ConfigureAwait(false);
        });
        return command;
    }
}
