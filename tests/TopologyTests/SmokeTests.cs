using Pulse.TopologyTests.TestSupport;

namespace Pulse.TopologyTests;

public class SmokeTests
{
    [Fact]
    public void A_normal_reading_is_enriched()
    {
        using var pipeline = new VitalsPipeline();
        var enriched = pipeline.Enrich(Reading.Normal("p1", 1000));
        Assert.Equal(0, enriched.news2_score);
        Assert.True(enriched.news2_complete);
        Assert.Equal(1, enriched.rolling_count);
    }
}
