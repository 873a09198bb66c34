using pulse.vitals;
using Pulse.Vitals.Dispatch;

namespace Pulse.Vitals.Tests.Dispatch;

/// <summary>The nearest search against measuring every vehicle: the grid's pruning never changes the answer.</summary>
public class VehicleGridTests
{
    [Theory]
    [InlineData(51.5, -0.12, 5.0, 1)]
    [InlineData(51.5, -0.12, 1.0, 2)]
    [InlineData(-33.9, 151.2, 20.0, 3)]
    [InlineData(0.0, 179.99, 5.0, 4)]
    [InlineData(89.97, 10.0, 5.0, 5)]
    public void Nearest_IsWhatMeasuringEveryVehicleFinds(double latitude, double longitude, double radiusKm, int seed)
    {
        var random = new Random(seed);
        var grid = new VehicleGrid(radiusKm);
        var fleet = new List<VehicleEntry>();
        for (var i = 0; i < 2_000; i++)
        {
            var vehicle = new VehicleEntry { Id = $"V-{i:D4}", Status = VehicleStatus.AVAILABLE, Timestamp = random.Next(0, 100) };
            // Within about twice the radius, so that many are outside it; some share a place (ties go to the lowest id).
            var place = i % 50 == 49 ? (fleet[i - 1].Latitude, fleet[i - 1].Longitude) : Around(latitude, longitude, 2 * radiusKm, random);
            vehicle.MoveTo(place.Item1, place.Item2);
            fleet.Add(vehicle);
            grid.Update(vehicle);
        }
        for (var probe = 0; probe < 300; probe++)
        {
            var (lat, lon) = Around(latitude, longitude, radiusKm, random);
            var freshFrom = random.Next(0, 60);
            var expected = fleet.Where(v => v.Timestamp >= freshFrom)
                .Select(v => (v.Id, Km: GreatCircle.DistanceKm(lat, lon, v.Latitude, v.Longitude)))
                .Where(v => v.Km <= radiusKm)
                .OrderBy(v => Math.Round(v.Km, 6)).ThenBy(v => v.Id, StringComparer.Ordinal)
                .Select(v => v.Id).FirstOrDefault();

            Assert.Equal(expected, grid.Nearest(lat, lon, freshFrom)?.Vehicle.Id);
        }
    }

    private static (double, double) Around(double latitude, double longitude, double km, Random random)
    {
        var lat = Math.Clamp(latitude + (random.NextDouble() * 2 - 1) * km / 111.2, -90, 90);
        var lon = longitude + (random.NextDouble() * 2 - 1) * km / (111.2 * Math.Max(0.01, Math.Cos(latitude * Math.PI / 180)));
        return (lat, lon > 180 ? lon - 360 : lon < -180 ? lon + 360 : lon);
    }
}
