using Pulse.Streams.Serialization;
using Pulse.Streams.Dsl;
using Pulse.Vitals;
using Pulse.Vitals.Tests.TestSupport;

namespace Pulse.Vitals.Tests;

/// <summary>The topology's shape: the patients' sub-topology with its stores and no repartitioning, dispatch on one partition beside it; both store kinds.</summary>
public class VitalsTopologyTests
{
    [Fact]
    public void Topology_PatientsInOneSubTopologyWithoutRepartition_DispatchInASecondOnOnePartition()
    {
        var topology = VitalsTopology.Build(new VitalsOptions(), VitalsPipeline.Avro);
        var description = topology.Describe().ToString();
        var patients = description[..description.IndexOf("Sub-topology: 1", StringComparison.Ordinal)];

        Assert.Contains("Sub-topology: 0", description, StringComparison.Ordinal);
        Assert.Contains("Sub-topology: 2", description, StringComparison.Ordinal); // vehicles.positions onto one partition, then the decisions
        Assert.DoesNotContain("Sub-topology: 3", description, StringComparison.Ordinal);
        Assert.Contains("vitals.raw", patients, StringComparison.Ordinal);
        foreach (var store in new[] { VitalsTopology.RollingStore, VitalsTopology.StatsWindowStore, VitalsTopology.StatsFinalStore, Pulse.Vitals.Alerts.AlertsStage.StoreName })
            Assert.Contains(store, patients, StringComparison.Ordinal);
        Assert.Contains(Pulse.Vitals.Dispatch.DispatchStage.VehicleStore, description[patients.Length..], StringComparison.Ordinal);
        var internals = topology.InternalTopics("app", _ => 6);
        var repartition = internals.Where(t => t.StoreName is null).ToList();
        Assert.Equal(["app-dispatch-alerts-repartition", "app-dispatch-vehicles-repartition"], repartition.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.All(repartition, t => Assert.Equal(1, t.Partitions));
        Assert.All(internals.Where(t => t.StoreName?.StartsWith("dispatch-", StringComparison.Ordinal) == true), t => Assert.Equal(1, t.Partitions));
    }

    [Fact]
    public void Topology_DispatchDisabled_IsOneSubTopologyWithNoRepartitionTopic()
    {
        var description = VitalsTopology.Build(new VitalsOptions { Dispatch = { Enabled = false } }, VitalsPipeline.Avro).Describe().ToString();

        Assert.DoesNotContain("Sub-topology: 1", description, StringComparison.Ordinal);
        Assert.DoesNotContain("repartition", description, StringComparison.Ordinal);
    }

    [Fact]
    public void RocksDbAndInMemoryStores_GiveTheSameOutputs_AndLogEveryChange()
    {
        var rocks = Run(StoreType.RocksDb);
        var memory = Run(StoreType.InMemory);

        Assert.Equal(200, rocks.Enriched.Count);
        Assert.Equal(6, rocks.Stats.Count); // T0 is 20 s into a minute: three windows per patient have closed by T0 + 199 s
        Assert.Equal(200, rocks.Changelog);
        Assert.Equal(100, rocks.Enriched[^1].rolling_count);
        Assert.Equal(Bytes(rocks.Enriched, VitalsPipeline.Avro.Enriched, "vitals.enriched"), Bytes(memory.Enriched, VitalsPipeline.Avro.Enriched, "vitals.enriched"));
        Assert.Equal(Bytes(rocks.Stats, VitalsPipeline.Avro.Stats, "vitals.stats.1m"), Bytes(memory.Stats, VitalsPipeline.Avro.Stats, "vitals.stats.1m"));
        Assert.Equal(rocks.Changelog, memory.Changelog);
    }

    private static (List<pulse.vitals.EnrichedReading> Enriched, List<pulse.vitals.VitalStats> Stats, int Changelog) Run(StoreType store)
    {
        using var pipeline = new VitalsPipeline(storeType: store);
        var changelog = pipeline.Driver.CreateOutputTopic($"{VitalsPipeline.ApplicationId}-{VitalsTopology.RollingStore}-changelog",
            Serdes.String, Serdes.ByteArray);
        for (var i = 0; i < 200; i++) pipeline.Pipe(Reading.Of("p" + (i % 2), 1_700_000_000_000 + i * 1_000L, hr: 60 + i % 30, spo2: 90 + i % 10));
        return (pipeline.Enriched.ReadValuesToList(), pipeline.Stats.ReadValuesToList(), changelog.QueueSize);
    }

    private static List<byte[]> Bytes<T>(List<T> values, Pulse.Streams.Serialization.Serde<T> serde, string topic) =>
        values.ConvertAll(v => serde.Serializer.Serialize(v, new Confluent.Kafka.SerializationContext(Confluent.Kafka.MessageComponentType.Value, topic)));
}
