using Microsoft.Extensions.Options;
using Pulse.Host.Configuration;
using Pulse.Host.Simulator.Internal;

namespace Pulse.Host.Vehicles;

/// <summary>Checks <see cref="VehicleSimulatorOptions"/> at start-up, naming each bad setting.</summary>
internal sealed class VehicleSimulatorOptionsValidator : IValidateOptions<VehicleSimulatorOptions>
{
    public ValidateOptionsResult Validate(string? name, VehicleSimulatorOptions options)
    {
        var errors = new SettingErrors();
        var csv = VehicleSimulatorPlan.IsCsv(options);
        if (options.Mode is { } mode && mode is not ("random" or "csv"))
            errors.Add("Vehicles:Mode", $"must be random or csv (got '{mode}').");
        if (csv && string.IsNullOrWhiteSpace(options.Csv)) errors.Add("Vehicles:Csv", "csv mode needs a file.");
        else if (csv && !File.Exists(options.Csv)) errors.Add("Vehicles:Csv", $"no file '{options.Csv}'.");
        errors.Range("Vehicles:Count", options.Count, 1, 100_000);
        if (VehicleSimulatorPlan.ParseCenter(options.Center) is null)
            errors.Add("Vehicles:Center", $"must be LAT,LON with latitude -90 to 90 and longitude -180 to 180 (got '{options.Center}').");
        if (!double.IsFinite(options.RadiusKm) || options.RadiusKm <= 0 || options.RadiusKm > 1000)
            errors.Add("Vehicles:RadiusKm", $"must be above 0 and at most 1000 (got {options.RadiusKm}).");
        if (!double.IsFinite(options.SpeedKmh) || options.SpeedKmh <= 0 || options.SpeedKmh > 500)
            errors.Add("Vehicles:SpeedKmh", $"must be above 0 and at most 500 (got {options.SpeedKmh}).");
        Positive(errors, "Vehicles:Interval", options.Interval);
        Positive(errors, "Vehicles:OnSceneFor", options.OnSceneFor);
        if (options.Duration is not null) Positive(errors, "Vehicles:Duration", options.Duration);
        return errors.Result();
    }

    private static void Positive(SettingErrors errors, string key, string text)
    {
        if (!DurationText.TryParse(text, out var value) || value <= TimeSpan.Zero)
            errors.Add(key, $"must be a positive duration like {DurationText.Examples} (got '{text}').");
    }
}
