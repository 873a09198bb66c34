using Pulse.Schemas.Registry;
using Pulse.Streams;
using Pulse.Vitals;

namespace Pulse.Host.Init;

/// <summary>
/// Every topic the pipeline uses, as <c>pulse init</c> creates them on a Kafka cluster and
/// <c>pulse broker</c> on its embedded one: the vitals topics (<c>Vitals:Topics</c>), the dispatch
/// topics, the sink's dead-letter topic, and the internal topics of the replicas' application
/// (changelogs of the topology's stores, the exactly-once offset log, the membership topic), so a
/// replica never has to create one itself (the embedded cluster does not answer CreateTopics).
/// Event topics delete by age; the latest-per-key topics and internal ones are compacted.
/// </summary>
internal static class PipelineTopics
{
    private static readonly IReadOnlyDictionary<string, string> Delete = new Dictionary<string, string> { ["cleanup.policy"] = "delete" };
    private static readonly IReadOnlyDictionary<string, string> Compact = new Dictionary<string, string> { ["cleanup.policy"] = "compact" };

    /// <summary>
    /// The topics, the pipeline's with <paramref name="partitions"/> partitions each, and the internal
    /// ones of <paramref name="applicationId"/> sized as the engine sizes them (a changelog has one
    /// partition per task: as many as the widest source topic of its sub-topology).
    /// </summary>
    public static IReadOnlyList<TopicSpec> For(VitalsOptions vitals, string sinkDeadLetterTopic, string applicationId, int partitions)
    {
        ArgumentNullException.ThrowIfNull(vitals);
        var t = vitals.Topics;
        List<TopicSpec> specs =
        [
            new(t.Raw, partitions, Delete, "raw readings, keyed by patient"),
            new(t.Enriched, partitions, Delete, "valid readings with NEWS2 and rolling figures"),
            new(t.Stats, partitions, Delete, "final 1-minute figures per patient"),
            new(t.Notify, partitions, Delete, "alert events"),
            new(t.Dispatch, partitions, Delete, "critical alerts raised, escalated or reminded"),
            new(t.Acks, partitions, Delete, "acknowledgements of alert episodes, keyed by patient"),
            new(t.Invalid, partitions, Delete, "dead-lettered readings, reasons in headers"),
            new(t.VehiclePositions, partitions, Compact, "latest position per vehicle"),
            new(t.DispatchOrders, partitions, Delete, "dispatch orders, keyed by patient"),
            new(sinkDeadLetterTopic, partitions, Delete, "records the Postgres sink could not write"),
        ];
        var topology = VitalsTopology.Build(vitals, VitalsSerdes.Create(InProcessSchemaRegistry.Seeded()));
        specs.AddRange(Internal(topology, applicationId, topic => specs.Find(s => s.Name == topic)?.Partitions));
        return specs.DistinctBy(s => s.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The internal topics of <paramref name="topology"/> run as <paramref name="applicationId"/>, as the
    /// engine plans them (<see cref="Topology.InternalTopics"/>: changelogs and repartition topics), then
    /// the exactly-once offset log and the membership topic.
    /// </summary>
    public static IEnumerable<TopicSpec> Internal(Topology topology, string applicationId, Func<string, int?> sourcePartitions)
    {
        ArgumentNullException.ThrowIfNull(topology);
        foreach (var topic in topology.InternalTopics(applicationId, sourcePartitions))
            yield return new TopicSpec(topic.Name, topic.Partitions, topic.Configs,
                topic.StoreName is { } store ? $"changelog of store {store}" : "repartition topic");
        yield return new TopicSpec(TopicNames.OffsetLog(applicationId), 1, Compact, "input offsets of exactly-once transactions");
        yield return new TopicSpec(TopicNames.Members(applicationId), 1, Compact, "replicas' heartbeats (standbys, interactive queries)");
    }
}
