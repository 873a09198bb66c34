using Pulse.Vitals;
using Pulse.Host.Simulator;
using Pulse.Host.Simulator.Internal;

namespace Pulse.Host.Tests.TestSupport;

/// <summary>Simulation plans for tests, built the way the host builds them: from options, validated.</summary>
internal static class SimulatorTestPlans
{
    /// <summary>A fixed morning: generated timestamps never depend on the clock.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    public static SimulationPlan Plan(Action<SimulatorOptions>? configure = null, VitalsTopics? topics = null)
    {
        var options = new SimulatorOptions { Seed = 42 };
        configure?.Invoke(options);
        var plan = SimulationPlan.TryCreate(options, topics ?? new VitalsTopics(), out var result);
        Assert.True(plan is not null, "invalid test plan: " + string.Join("; ", result.Failures ?? []));
        return plan;
    }

    /// <summary>The problems <paramref name="configure"/>'s options have, one per setting.</summary>
    public static IReadOnlyList<string> Problems(Action<SimulatorOptions> configure, VitalsTopics? topics = null)
    {
        var options = new SimulatorOptions();
        configure(options);
        var plan = SimulationPlan.TryCreate(options, topics ?? new VitalsTopics(), out var result);
        Assert.Null(plan);
        return [.. result.Failures!];
    }
}
