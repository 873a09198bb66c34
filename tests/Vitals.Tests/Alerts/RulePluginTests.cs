using pulse.vitals;
using Pulse.Streams;
using Pulse.Streams.Dsl;
using Pulse.Streams.Errors;
using Pulse.Streams.Serialization;
using Pulse.Vitals.Alerts;
using Pulse.Vitals.Tests.TestSupport;
using static Pulse.Vitals.Tests.TestSupport.AlertReadings;

namespace Pulse.Vitals.Tests.Alerts;

/// <summary>Rules are plugins: a class and a registration.</summary>
public class RulePluginTests
{
    private static IReadOnlyList<IAlertRule> WithFastHeartRun(AlertOptions options) => [.. AlertRules.Default(options), new FastHeartRunRule()];

    [Fact]
    public void AnAddedRule_ContributesFindingsUnderItsName_ToThePatientsOneEpisode()
    {
        var options = new AlertOptions();
        using var alerts = new AlertsHarness(options, rules: WithFastHeartRun(options));

        alerts.Pipe(At(0).HeartRate(110), At(10).HeartRate(112), At(20).HeartRate(115));

        var raised = Assert.Single(alerts.Notify());
        Assert.Equal((AlertRule.OTHER, AlertSeverity.WARNING), (raised.rule, raised.severity));
        Assert.Equal("FAST_HEART_RUN", Assert.Single(raised.findings).rule);
        Assert.Equal("Patient P-17: heart rate above 100 bpm in 3 readings in a row.", raised.message);
        Assert.Equal(3, ((FastHeartRunRule.RunState)alerts.State()!.Rules[3]!).Count);
    }

    [Theory]
    [InlineData("NEWS2", "rule name NEWS2 is used twice (or is reserved)")]
    [InlineData("NO_DATA", "rule name NO_DATA is used twice (or is reserved)")]
    [InlineData(" ", "rule FastHeartRunRule has no name")]
    public void RuleNames_AreUnique(string name, string problem)
    {
        var options = new VitalsOptions();
        var builder = new StreamsBuilder();
        var serdes = AlertsHarness.AvroVitalsSerdes();
        var readings = builder.Stream(options.Topics.Enriched, Consumed.With(Serdes.String, serdes.Enriched));

        var ex = Assert.Throws<StreamsConfigException>(() =>
            AlertsStage.Add(builder, readings, null, options, serdes, rules: [.. AlertRules.Default(options.Alerts), new FastHeartRunRule(name)]));

        Assert.Equal("Invalid alert rules: " + problem, ex.Message);
    }
}
