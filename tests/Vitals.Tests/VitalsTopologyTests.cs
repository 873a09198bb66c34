using Pulse.Streams.Serialization;
using Pulse.Streams.Dsl;
using Pulse.Vitals;
using Pulse.Vitals.Tests.TestSupport;

namespace Pulse.Vitals.Tests;

/// <summary>The topology's shape: one sub-topology, its stores, no repartitioning; both store kinds.</summary>
public class VitalsTopologyTests
{
    [Fact]
    public void Topology_IsOneSubTopologyWithThreeStores_AndNoRepartitionTopic()
    {
        var description = VitalsTopology.Build(new VitalsOptions(), VitalsPipeline.Avro).Describe().ToString();

        Assert.Contains("Sub-topology: 0", description, StringComparison.Ordinal);
        Assert.DoesNotContain("Sub-topology: 1", description, StringComparison.Ordinal);
        Assert.DoesNotContain("repartition", description, StringComparison.Ordinal);
        foreach (var store in new[] { VitalsTopology.RollingStore, VitalsTopology.StatsWindowStore, VitalsTopology.StatsClosedStore })
            Assert.Contains(store, description, StringComparison.Ordinal);
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
