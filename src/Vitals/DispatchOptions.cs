namespace Pulse.Vitals;

/// <summary>
/// The dispatch stage (docs/DISPATCH.md): which vehicle a critical episode gets. Section <c>Vitals:Dispatch</c>.
/// </summary>
public sealed class DispatchOptions
{
    /// <summary>Whether the topology dispatches vehicles at all (default true).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How far a vehicle may be from the patient, great-circle (default 5 km).</summary>
    public double RadiusKm { get; set; } = 5;

    /// <summary>How old a vehicle's last position may be, in event time, for it to be chosen (default 60 s).</summary>
    public TimeSpan FreshFor { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The speed the estimated time of arrival assumes, over the great-circle distance (default 40 km/h: an urban average).</summary>
    public double SpeedKmh { get; set; } = 40;

    internal void Validate(string path, List<string> errors)
    {
        if (!double.IsFinite(RadiusKm) || RadiusKm <= 0 || RadiusKm > 500)
            errors.Add(FormattableString.Invariant($"{path}:RadiusKm must be above 0 and at most 500 km (was {RadiusKm})"));
        if (FreshFor <= TimeSpan.Zero || FreshFor > TimeSpan.FromDays(1))
            errors.Add($"{path}:FreshFor must be above 0 and at most a day (was {FreshFor:c})");
        if (!double.IsFinite(SpeedKmh) || SpeedKmh <= 0 || SpeedKmh > 1000)
            errors.Add(FormattableString.Invariant($"{path}:SpeedKmh must be above 0 and at most 1000 (was {SpeedKmh})"));
    }
}
