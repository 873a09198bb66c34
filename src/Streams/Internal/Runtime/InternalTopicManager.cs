using Pulse.Streams.Errors;
using Pulse.Streams.Internal.Processor;

namespace Pulse.Streams.Internal.Runtime;

/// <summary>
/// Works out partition counts before an application starts and creates the internal topics:
/// a sub-topology has as many tasks as its widest source topic; a repartition topic has the
/// partitions it was given, else as many as the sub-topology that writes it has tasks; a
/// changelog has one partition per task of its store's sub-topology. Joined topics must be
/// co-partitioned (equal partition counts).
/// </summary>
internal sealed class InternalTopicManager(InternalTopologyBuilder builder, string applicationId,
    IEnumerable<KeyValuePair<string, string>>? topicConfigs = null)
{
    public string Resolve(string topic) => builder.InternalTopics.ContainsKey(topic) ? TopicNames.Repartition(applicationId, topic) : topic;

    /// <summary>Creates what is missing; returns the task count of every non-global sub-topology and the partition count of every topic read.</summary>
    public (IReadOnlyDictionary<int, int> TasksPerSubtopology, IReadOnlyDictionary<string, int> Partitions) Prepare(ITopicCreator creator)
    {
        var plan = Plan(topic => creator.PartitionCount(topic));
        foreach (var topic in plan.Topics) creator.CreateTopic(topic.Name, topic.Partitions, topic.Configs);
        return (plan.TasksPerSubtopology, plan.Partitions);
    }

    /// <summary>
    /// Works out, from the partition counts of the source topics (<paramref name="sourcePartitions"/>), the task
    /// count of every sub-topology and the repartition and changelog topics to create; checks co-partitioning.
    /// </summary>
    public InternalTopicPlan Plan(Func<string, int?> sourcePartitions)
    {
        var subtopologies = builder.Subtopologies();
        var partitions = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var topic in subtopologies.SelectMany(s => s.SourceTopics).Where(t => !builder.InternalTopics.ContainsKey(t)).Distinct())
            partitions[topic] = sourcePartitions(topic) ?? throw new StreamsException(
                $"Source topic '{topic}' does not exist; create it before starting application '{applicationId}'.");

        foreach (var (topic, count) in builder.InternalTopics)
            if (count is int fixedCount) partitions[topic] = fixedCount;
        ResolveRepartitionCounts(subtopologies, partitions);

        var tasks = new Dictionary<int, int>();
        foreach (var sub in subtopologies.Where(s => !s.IsGlobal))
            tasks[sub.Id] = sub.SourceTopics.Max(t => partitions[t]);

        var topics = new List<InternalTopic>();
        foreach (var topic in builder.InternalTopics.Keys)
            topics.Add(new InternalTopic(Resolve(topic), partitions[topic], WithOverrides(RepartitionTopicConfigs()), null));
        foreach (var sub in subtopologies.Where(s => !s.IsGlobal))
            foreach (var store in sub.Stores.Where(s => s.Builder.LoggingEnabled))
            {
                var configs = WithOverrides(new Dictionary<string, string> { ["cleanup.policy"] = "compact" });
                foreach (var (k, v) in store.Builder.LogConfig) configs[k] = v; // the store's own win
                topics.Add(new InternalTopic(TopicNames.Changelog(applicationId, store.Builder.Name), tasks[sub.Id], configs, store.Builder.Name));
            }

        foreach (var group in builder.CopartitionGroups)
        {
            var counts = group.Select(t => (Topic: Resolve(t), Count: partitions[t])).ToList();
            if (counts.Select(c => c.Count).Distinct().Count() > 1)
                throw new TopologyException($"joined topics must be co-partitioned, but have different partition counts: " +
                    string.Join(", ", counts.Select(c => $"'{c.Topic}' ({c.Count})")) + ". Repartition one side first.");
        }
        return new InternalTopicPlan(tasks, partitions.ToDictionary(kv => Resolve(kv.Key), kv => kv.Value, StringComparer.Ordinal), topics);
    }

    /// <summary>The application's configs for every internal topic (<see cref="StreamsConfig.InternalTopicConfigs"/>) over <paramref name="defaults"/>, but for the cleanup policy.</summary>
    private Dictionary<string, string> WithOverrides(Dictionary<string, string> defaults)
    {
        foreach (var (k, v) in topicConfigs ?? []) if (k != "cleanup.policy") defaults[k] = v;
        return defaults;
    }

    /// <summary>
    /// A repartition topic's configs, as Kafka Streams sets them: records are kept until the application has committed past them
    /// and deletes them (<see cref="RepartitionPurger"/>), in 50 MB segments so that what it deletes is soon freed.
    /// </summary>
    private static Dictionary<string, string> RepartitionTopicConfigs() => new()
    {
        ["cleanup.policy"] = "delete",
        ["retention.ms"] = "-1",
        ["segment.bytes"] = "52428800",
    };

    /// <summary>
    /// Gives each repartition topic without a fixed count a partition count, repeating until stable: one co-partitioned with
    /// topics whose counts are known takes theirs (as Kafka's co-partitioning enforcer: a foreign-key join's subscription
    /// topic follows the other table's topic, its response topic this table's); any other, the task count of the sub-topology
    /// writing it. A co-partitioned topic whose group knows no count yet takes its writer's only when nothing else moves, one
    /// topic at a time, so the rest of its group follows it.
    /// </summary>
    private void ResolveRepartitionCounts(IReadOnlyList<Subtopology> subtopologies, Dictionary<string, int> partitions)
    {
        var writers = subtopologies.SelectMany(s => s.Nodes.Where(n => n.Kind == NodeKind.Sink).SelectMany(n => n.Topics).Select(t => (Topic: t, Sub: s)))
            .Where(x => builder.InternalTopics.ContainsKey(x.Topic)).ToList();
        var grouped = builder.CopartitionGroups.SelectMany(g => g).ToHashSet(StringComparer.Ordinal);
        bool FromGroups()
        {
            var changed = false;
            foreach (var group in builder.CopartitionGroups)
            {
                var known = group.Where(partitions.ContainsKey).Select(t => partitions[t]).ToList();
                if (known.Count == 0) continue;
                foreach (var topic in group.Where(t => !partitions.ContainsKey(t) && builder.InternalTopics.ContainsKey(t)))
                {
                    partitions[topic] = known.Max();
                    changed = true;
                }
            }
            return changed;
        }
        bool FromWriters(bool groupedOnly)
        {
            foreach (var (topic, sub) in writers)
            {
                if (partitions.ContainsKey(topic) || grouped.Contains(topic) != groupedOnly) continue;
                var known = sub.SourceTopics.Where(partitions.ContainsKey).Select(t => partitions[t]).ToList();
                if (known.Count < sub.SourceTopics.Count()) continue;
                partitions[topic] = known.Max();
                return true;
            }
            return false;
        }
        while (FromGroups() || FromWriters(groupedOnly: false) || FromWriters(groupedOnly: true)) { }
        var unresolved = builder.InternalTopics.Keys.Where(t => !partitions.ContainsKey(t)).ToList();
        if (unresolved.Count > 0) throw new TopologyException($"cannot work out the partition count of repartition topic(s) {string.Join(", ", unresolved)}.");
    }
}

/// <summary>What <see cref="InternalTopicManager.Plan"/> works out: tasks per sub-topology, partitions per topic read, the internal topics.</summary>
internal sealed record InternalTopicPlan(
    IReadOnlyDictionary<int, int> TasksPerSubtopology, IReadOnlyDictionary<string, int> Partitions, IReadOnlyList<InternalTopic> Topics);
