namespace Pulse.Streams.Internal.Processor;

/// <summary>Walks a topology's edges upwards.</summary>
internal static class TopologyWalk
{
    /// <summary>The topics of every source above <paramref name="nodeName"/>.</summary>
    public static IEnumerable<string> SourceTopicsOf(InternalTopologyBuilder builder, string nodeName)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([nodeName]);
        var topics = new List<string>();
        while (pending.TryPop(out var name))
        {
            if (!seen.Add(name)) continue;
            var node = builder.Node(name);
            if (node.Kind == NodeKind.Source) topics.AddRange(node.Topics);
            foreach (var p in node.Parents) pending.Push(p);
        }
        return topics;
    }
}
