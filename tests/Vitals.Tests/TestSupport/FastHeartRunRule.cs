using pulse.vitals;
using Pulse.Vitals.Alerts;

namespace Pulse.Vitals.Tests.TestSupport;

/// <summary>
/// A rule added the way a plugin would be: a heart rate above 100 bpm in <see cref="Readings"/> readings
/// in a row holds as a WARNING. Keeps a count per patient, so it shows how a rule's state is stored.
/// </summary>
internal sealed class FastHeartRunRule(string name = "FAST_HEART_RUN", byte version = 1, int readings = 3) : IAlertRule
{
    public int Readings { get; } = readings;

    public string Name { get; } = name;

    public TimeSpan ClearAfter => TimeSpan.FromMinutes(1);

    public byte StateVersion { get; } = version;

    public IAlertRuleState? NewState() => new RunState();

    public IAlertRuleState ReadState(ref AlertStateReader reader) => new RunState { Count = reader.Int() };

    public void Evaluate(in RuleInput input, IAlertRuleState? state, AlertObservations observations)
    {
        var run = (RunState)state!;
        if (input.Reading.heart_rate is not { } hr) return;
        run.Count = hr > 100 ? run.Count + 1 : 0;
        if (run.Count >= Readings) observations.Holds(null, AlertSeverity.WARNING, urgent: true);
        else observations.NotHolding(null);
    }

    public FindingText Describe(in RuleInput input, IAlertRuleState? state, string? vital) =>
        new($"heart rate above 100 bpm in {((RunState)state!).Count} readings in a row", new Dictionary<string, double> { ["heart_rate"] = input.Reading.heart_rate ?? 0 });

    public sealed class RunState : IAlertRuleState
    {
        public int Count { get; set; }

        public bool IsEmpty => Count == 0;

        public void Write(AlertStateWriter writer) => writer.Int(Count);
    }
}
