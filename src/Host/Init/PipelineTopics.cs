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
    public static IReadOnlyList<TopicSpec> For(VitalsOptions vitals, TopicsOptions topics, string sinkDeadLetterTopic, string applicationId, int partitions)
    {
        ArgumentNullException.ThrowIfNull(vitals);
        ArgumentNullException.ThrowIfNull(topics);
        var t = vitals.Topics;
        List<TopicSpec> specs =
        [
            new(t.Raw, partitions, Delete, "raw readings, keyed by patient"),
            new(t.Enriched, partitions, Delete, "valid readings with NEWS2 and rolling figures"),
            new(t.Stats, partitions, Delete, "final 1-minute figures per patient"),
            new(t.Notify, partitions, Delete, "alert events"),
            new(t.Dispatch, partitions, Delete, "critical alerts raised or escalated"),
            new(t.Invalid, partitions, Delete, "dead-lettered readings, reasons in headers"),
            new(topics.VehiclePositions, partitions, Compact, "latest position per vehicle"),
            new(topics.DispatchOrders, partitions, Delete, "dispatch orders per vehicle"),
            new(sinkDeadLetterTopic, partitions, Delete, "records the Postgres sink could not write"),
        ];
        specs.AddRange(Internal(VitalsTopology.Build(vitals, VitalsSerdes.Create(InProcessSchemaRegistry.Seeded())), applicationId, _ => partitions));
        return specs.DistinctBy(s => s.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The internal topics of <paramref name="topology"/> run as <paramref name="applicationId"/>: a
    /// compacted changelog per store of each sub-topology that reads only named topics, the offset
    /// log and the membership topic. Repartition topics, and the changelogs of sub-topologies that
    /// read them, are left to the engine (the vitals topology never changes keys, so has none).
    /// </summary>
    public static IEnumerable<TopicSpec> Internal(Topology topology, string applicationId, Func<string, int> sourcePartitions)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(sourcePartitions);
        foreach (var sub in topology.Describe().Subtopologies.Where(s => !s.IsGlobal))
        {
            var sources = sub.Nodes.Where(n => n.Kind == "Source").SelectMany(n => n.Topics).ToList();
            if (sources.Count == 0 || sources.Any(IsRepartition)) continue;
            var tasks = sources.Max(sourcePartitions);
            foreach (var store in sub.Nodes.SelectMany(n => n.Stores).Distinct(StringComparer.Ordinal))
                yield return new TopicSpec($"{applicationId}-{store}-changelog", tasks, Compact, $"changelog of store {store}");
        }
        yield return new TopicSpec($"{applicationId}-offsets", 1, Compact, "input offsets of exactly-once transactions");
        yield return new TopicSpec($"{applicationId}-members", 1, Compact, "replicas' heartbeats (standbys, interactive queries)");
    }

    private static bool IsRepartition(string topic) => topic.EndsWith("-repartition", StringComparison.Ordinal);
}
