using Pulse.Vitals.Dispatch;

namespace Pulse.Vitals.Tests.Dispatch;

/// <summary>Great-circle distances where flat formulas fail: the antimeridian, the poles, antipodes.</summary>
public class GreatCircleTests
{
    [Theory]
    [InlineData(51.5007, -0.1246, 40.6892, -74.0445, 5574.8)]                           // Big Ben to the Statue of Liberty
    [InlineData(0, 179.9, 0, -179.9, 22.24)]                                            // 0.2° across the antimeridian
    [InlineData(-16.5, 179.5, -16.5, -179.5, 106.6)]                                    // Fiji, across the antimeridian
    [InlineData(89.9, 0, 89.9, 180, 22.24)]                                             // over the North Pole
    [InlineData(90, 0, 90, 123, 0)]                                                     // the pole has every longitude
    [InlineData(0, 0, 0, 180, 20015.1)]                                                 // antipodes: half the circumference
    public void DistanceKm_KnownPairs_MatchToTheTenthOfAPercent(double lat1, double lon1, double lat2, double lon2, double expectedKm)
    {
        var km = GreatCircle.DistanceKm(lat1, lon1, lat2, lon2);

        Assert.InRange(km, expectedKm * 0.999 - 0.01, expectedKm * 1.001 + 0.01);
        Assert.Equal(km, GreatCircle.DistanceKm(lat2, lon2, lat1, lon1), 9);
    }

    [Theory]
    [InlineData(91.0, 0.0)]
    [InlineData(0.0, 181.0)]
    [InlineData(double.NaN, 0.0)]
    public void IsValid_OffTheGlobe_False(double lat, double lon) => Assert.False(GreatCircle.IsValid(lat, lon));
}
