using Confluent.Kafka;
using Pulse.Host.Init;
using Pulse.Vitals;

namespace Pulse.Host.Tests.Init;

/// <summary>Which topics the pipeline needs, how they are made, and what a CreateTopics answer means.</summary>
public sealed class PipelineTopicsTests
{
    private static IReadOnlyList<TopicSpec> Default(int partitions = 6) =>
        PipelineTopics.For(new VitalsOptions(), "sink.dlq", "pulse-vitals", partitions);

    [Fact]
    public void EveryPipelineTopic_IsThere_WithThePartitionsAsked_EventTopicsDeleting()
    {
        var topics = Default().ToDictionary(t => t.Name);

        foreach (var name in new[] { "vitals.raw", "vitals.enriched", "vitals.stats.1m", "alerts.notify", "alerts.dispatch", "vitals.invalid", "dispatch.orders", "sink.dlq" })
        {
            Assert.Equal(6, topics[name].Partitions);
            Assert.False(topics[name].Compacted, name);
        }
        Assert.True(topics["vehicles.positions"].Compacted);
    }

    [Fact]
    public void InternalTopics_ChangelogsAndTheEnginesOwnCompacted_DispatchRepartitionedOntoOnePartition()
    {
        var internals = Default(partitions: 4).Where(t => t.Name.StartsWith("pulse-vitals-", StringComparison.Ordinal)).ToDictionary(t => t.Name);

        foreach (var store in new[] { VitalsTopology.RollingStore, VitalsTopology.StatsWindowStore, VitalsTopology.StatsFinalStore })
            Assert.Equal(4, internals[$"pulse-vitals-{store}-changelog"].Partitions); // one partition per task, as the engine sizes them
        foreach (var store in new[] { Pulse.Vitals.Dispatch.DispatchStage.VehicleStore, Pulse.Vitals.Dispatch.DispatchStage.RequestStore })
            Assert.Equal(1, internals[$"pulse-vitals-{store}-changelog"].Partitions); // dispatch is one task: one writer
        Assert.Equal(1, internals["pulse-vitals-offsets"].Partitions);
        Assert.Equal(1, internals["pulse-vitals-members"].Partitions);
        var repartition = internals.Values.Where(t => t.Name.EndsWith("-repartition", StringComparison.Ordinal)).ToList();
        Assert.Equal(["pulse-vitals-dispatch-alerts-repartition", "pulse-vitals-dispatch-vehicles-repartition"], repartition.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.All(repartition, t => Assert.Equal((1, false), (t.Partitions, t.Compacted)));
        Assert.All(internals.Values.Except(repartition), t => Assert.True(t.Compacted, t.Name));
    }

    [Fact]
    public void TopicNames_ComeFromTheirOwnersSettings()
    {
        var vitals = new VitalsOptions { Topics = { Raw = "ward7.raw", Dispatch = "ward7.dispatch", VehiclePositions = "fleet.positions" } };
        var names = PipelineTopics.For(vitals, "ward7.sink.dlq", "ward7", 3)
            .Select(t => t.Name).ToList();

        Assert.Contains("ward7.raw", names);
        Assert.Contains("ward7.dispatch", names);
        Assert.Contains("fleet.positions", names);
        Assert.Contains("ward7.sink.dlq", names);
        Assert.Contains($"ward7-{VitalsTopology.RollingStore}-changelog", names);
        Assert.DoesNotContain("vitals.raw", names);
        Assert.Equal(names.Count, names.Distinct().Count());
    }

    [Fact]
    public void CreateTopicsAnswers_TopicAlreadyExistsIsSuccess_TimeoutsSayWhatToDo()
    {
        var spec = Default()[0];
        var timeout = TimeSpan.FromSeconds(30);

        Assert.Equal(TopicResult.Exists, TopicInitializer.Outcome(spec, new Error(ErrorCode.TopicAlreadyExists), timeout).Result);
        Assert.Equal(TopicResult.Created, TopicInitializer.Outcome(spec, new Error(ErrorCode.NoError), timeout).Result);
        var timedOut = TopicInitializer.Outcome(spec, new Error(ErrorCode.RequestTimedOut), timeout);
        Assert.Equal(TopicResult.Failed, timedOut.Result);
        Assert.Contains("'pulse broker' creates the pipeline's topics itself", timedOut.Detail, StringComparison.Ordinal);
        var refused = TopicInitializer.Outcome(spec, new Error(ErrorCode.TopicAuthorizationFailed, "not allowed"), timeout);
        Assert.Equal(TopicResult.Failed, refused.Result);
        Assert.Contains("TopicAuthorizationFailed", refused.Detail, StringComparison.Ordinal);
    }
}
