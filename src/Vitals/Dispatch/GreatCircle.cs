namespace Pulse.Vitals.Dispatch;

/// <summary>Great-circle distances on a spherical Earth (haversine; mean radius 6,371.0088 km).</summary>
public static class GreatCircle
{
    /// <summary>The mean Earth radius, km (IUGG).</summary>
    public const double EarthRadiusKm = 6371.0088;

    /// <summary>The distance in km between two points given in degrees; correct across the antimeridian and at the poles.</summary>
    public static double DistanceKm(double latitude1, double longitude1, double latitude2, double longitude2)
    {
        var φ1 = Radians(latitude1);
        var φ2 = Radians(latitude2);
        var dφ = φ2 - φ1;
        var dλ = Radians(longitude2 - longitude1);
        var sinφ = Math.Sin(dφ / 2);
        var sinλ = Math.Sin(dλ / 2);
        var h = sinφ * sinφ + Math.Cos(φ1) * Math.Cos(φ2) * sinλ * sinλ;
        return 2 * EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }

    /// <summary>The point as a unit vector from the Earth's centre: distances between such vectors need no trigonometry.</summary>
    public static (double X, double Y, double Z) Unit(double latitude, double longitude)
    {
        var φ = Radians(latitude);
        var λ = Radians(longitude);
        var cosφ = Math.Cos(φ);
        return (cosφ * Math.Cos(λ), cosφ * Math.Sin(λ), Math.Sin(φ));
    }

    /// <summary>The great-circle distance in km of two unit vectors whose squared chord (straight-line distance) is <paramref name="chordSquared"/>.</summary>
    public static double KmFromChordSquared(double chordSquared) => 2 * EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(chordSquared) / 2));

    /// <summary>The squared chord of two unit vectors <paramref name="km"/> apart on the surface.</summary>
    public static double ChordSquaredFromKm(double km)
    {
        var chord = 2 * Math.Sin(Math.Min(Math.PI, km / EarthRadiusKm) / 2);
        return chord * chord;
    }

    /// <summary>Whether a latitude and longitude in degrees are a place on Earth.</summary>
    public static bool IsValid(double? latitude, double? longitude) =>
        latitude is { } lat && longitude is { } lon && double.IsFinite(lat) && double.IsFinite(lon) && lat is >= -90 and <= 90 && lon is >= -180 and <= 180;

    private static double Radians(double degrees) => degrees * (Math.PI / 180);
}
