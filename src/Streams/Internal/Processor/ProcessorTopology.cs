using Pulse.Streams.Internal.Processor;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.Processor;

/// <summary>The live graph of one task: fresh node and store instances made from the builder's factories.</summary>
internal sealed class ProcessorTopology(IReadOnlyList<ProcessorNode> nodes, IReadOnlyDictionary<string, ISourceNode> sourcesByTopic,
    IReadOnlyList<IStateStore> stores)
{
    /// <summary>Nodes in the order they were added: every parent before its children.</summary>
    public IReadOnlyList<ProcessorNode> Nodes { get; } = nodes;

    /// <summary>The source node of each input topic (topic names as used on the broker).</summary>
    public IReadOnlyDictionary<string, ISourceNode> SourcesByTopic { get; } = sourcesByTopic;

    /// <summary>Stores in the order they were added (roughly upstream first, the order caches flush in).</summary>
    public IReadOnlyList<IStateStore> Stores { get; } = stores;

    /// <summary>Stores whose changelog is their table's source topic (store → topic as used on the broker).</summary>
    public IReadOnlyDictionary<string, string> SourceChangelogs { get; init; } = new Dictionary<string, string>();
}
