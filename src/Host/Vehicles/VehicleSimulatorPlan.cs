using Pulse.Host.Simulator.Internal;

namespace Pulse.Host.Vehicles;

/// <summary>A vehicle simulation, typed from validated <see cref="VehicleSimulatorOptions"/>.</summary>
internal sealed record VehicleSimulatorPlan(bool Csv, string? CsvPath, int Count, double Latitude, double Longitude, double RadiusKm,
    TimeSpan Interval, double SpeedKmh, TimeSpan OnSceneFor, int Seed, TimeSpan? Duration)
{
    public static bool IsCsv(VehicleSimulatorOptions options) => options.Mode == "csv" || (options.Mode is null && !string.IsNullOrWhiteSpace(options.Csv));

    /// <summary><c>LAT,LON</c> in degrees, or null when it is not a place.</summary>
    public static (double Latitude, double Longitude)? ParseCenter(string? text)
    {
        var parts = (text ?? "").Split(',', StringSplitOptions.TrimEntries);
        return parts.Length == 2
            && double.TryParse(parts[0], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var lat)
            && double.TryParse(parts[1], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var lon)
            && Pulse.Vitals.Dispatch.GreatCircle.IsValid(lat, lon)
            ? (lat, lon) : null;
    }

    public static VehicleSimulatorPlan From(VehicleSimulatorOptions o)
    {
        static TimeSpan Parse(string text) => DurationText.TryParse(text, out var value) ? value : throw new ArgumentException($"not a duration: '{text}'");
        var (latitude, longitude) = ParseCenter(o.Center) ?? throw new ArgumentException($"not a place: '{o.Center}'");
        return new VehicleSimulatorPlan(IsCsv(o), o.Csv, o.Count, latitude, longitude, o.RadiusKm, Parse(o.Interval), o.SpeedKmh,
            Parse(o.OnSceneFor), o.Seed ?? Random.Shared.Next(), o.Duration is null ? null : Parse(o.Duration));
    }
}
