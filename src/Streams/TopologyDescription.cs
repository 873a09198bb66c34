using System.Text;
using Pulse.Streams.Internal.Processor;

namespace Pulse.Streams;

/// <summary>What a topology holds; <see cref="ToString"/> prints it as Kafka does.</summary>
public sealed class TopologyDescription
{
    private TopologyDescription(IReadOnlyList<SubtopologyDescription> subtopologies) => Subtopologies = subtopologies;

    /// <summary>The sub-topologies, global ones last.</summary>
    public IReadOnlyList<SubtopologyDescription> Subtopologies { get; }

    internal static TopologyDescription From(InternalTopologyBuilder builder) =>
        new(builder.Subtopologies().Select(s => new SubtopologyDescription(s.Id, s.IsGlobal, InKafkaOrder(s.Nodes).Select(n => new NodeDescription(
            n.Name, n.Kind.ToString(), n.Topics, [.. n.StoreNames.Order(StringComparer.Ordinal)], n.Children, n.Parents, n.TopicExtractorName)
        {
            TopicPattern = n.TopicPattern?.ToString(),
        }).ToList())).ToList());

    /// <summary>
    /// Kafka's order of a sub-topology's nodes: the larger the part of the graph below a node (itself, plus what lies below
    /// each child, counted once per path), the earlier; ties by name.
    /// </summary>
    private static IEnumerable<NodeFactory> InKafkaOrder(IReadOnlyList<NodeFactory> nodes)
    {
        var byName = nodes.ToDictionary(n => n.Name, StringComparer.Ordinal);
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        long Size(NodeFactory node)
        {
            if (sizes.TryGetValue(node.Name, out var known)) return known;
            var size = 1L;
            foreach (var child in node.Children)
                if (byName.TryGetValue(child, out var c)) size += Size(c);
            return sizes[node.Name] = size;
        }
        return nodes.OrderByDescending(Size).ThenBy(n => n.Name, StringComparer.Ordinal);
    }

    /// <summary>Kafka's layout: sub-topologies, then each node with its topics or stores and its edges.</summary>
    public override string ToString()
    {
        // Kafka writes "Topologies:\n " and then "  " before each sub-topology: the first is indented by three, the rest by two.
        var sb = new StringBuilder("Topologies:\n ");
        foreach (var s in Subtopologies)
        {
            sb.Append("  Sub-topology: ").Append(s.Id).Append(s.IsGlobal ? " for global store (will not generate tasks)" : "").Append('\n');
            foreach (var n in s.Nodes)
            {
                sb.Append("    ").Append(n.Kind).Append(": ").Append(n.Name).Append(' ');
                sb.Append(n.Kind switch
                {
                    "Source" when n.TopicPattern is not null => $"(topics: {n.TopicPattern})", // Kafka prints a pattern bare
                    "Source" => $"(topics: [{string.Join(", ", n.Topics)}])",
                    "Sink" => n.Topics.Count > 0 ? $"(topic: {n.Topics[0]})" : $"(extractor: {n.TopicExtractor ?? "per record"})",
                    _ => $"(stores: [{string.Join(", ", n.Stores)}])",
                }).Append('\n');
                if (n.Kind != "Sink") sb.Append("      --> ").Append(n.Successors.Count == 0 ? "none" : string.Join(", ", n.Successors)).Append('\n');
                if (n.Kind != "Source") sb.Append("      <-- ").Append(string.Join(", ", n.Predecessors)).Append('\n');
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }
}

/// <summary>A sub-topology: its number and nodes.</summary>
/// <param name="Id">The number, as in task ids.</param>
/// <param name="IsGlobal">True for a global store's updater (no tasks).</param>
/// <param name="Nodes">The nodes, parents first.</param>
public sealed record SubtopologyDescription(int Id, bool IsGlobal, IReadOnlyList<NodeDescription> Nodes);

/// <summary>A node of a topology.</summary>
/// <param name="Name">The node's name.</param>
/// <param name="Kind">Source, Processor or Sink.</param>
/// <param name="Topics">Topics a source reads or a sink writes.</param>
/// <param name="Stores">Stores a processor uses.</param>
/// <param name="Successors">Children.</param>
/// <param name="Predecessors">Parents.</param>
/// <param name="TopicExtractor">For a sink choosing topics per record, what chooses.</param>
public sealed record NodeDescription(string Name, string Kind, IReadOnlyList<string> Topics, IReadOnlyList<string> Stores,
    IReadOnlyList<string> Successors, IReadOnlyList<string> Predecessors, string? TopicExtractor)
{
    /// <summary>For a source subscribed by pattern: the pattern.</summary>
    public string? TopicPattern { get; init; }
}
