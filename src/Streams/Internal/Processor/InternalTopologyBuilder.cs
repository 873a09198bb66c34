using System.Text.RegularExpressions;
using Pulse.Streams.Errors;
using Pulse.Streams.Internal.Processor;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.Processor;

/// <summary>
/// The blueprint of a topology: node and store factories, the edges between nodes, and which
/// processors use which stores. Invariants: node names are unique; a node's parents exist before
/// it; processors that share a store, and nodes joined by an edge, fall in one sub-topology.
/// </summary>
internal sealed class InternalTopologyBuilder
{
    private readonly List<NodeFactory> _nodes = [];
    private readonly Dictionary<string, NodeFactory> _nodesByName = new(StringComparer.Ordinal);
    private readonly List<StoreFactory> _stores = [];
    private readonly Dictionary<string, StoreFactory> _storesByName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int?> _internalTopics = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _sourceByTopic = new(StringComparer.Ordinal);
    private readonly List<HashSet<string>> _copartitionGroups = [];

    public IReadOnlyList<NodeFactory> Nodes => _nodes;
    public IReadOnlyList<StoreFactory> Stores => _stores;

    /// <summary>Repartition topics, by the name used in the topology (the broker name has the application id in front).</summary>
    public IReadOnlyDictionary<string, int?> InternalTopics => _internalTopics;

    /// <summary>Sets of source topics that must have equal partition counts (join inputs).</summary>
    public IReadOnlyList<HashSet<string>> CopartitionGroups => _copartitionGroups;

    public void AddSource(string name, IReadOnlyList<string> topics, Func<ProcessorNode> factory, bool isGlobal = false)
    {
        if (topics.Count == 0) throw new TopologyException($"source '{name}' must read at least one topic.");
        foreach (var topic in topics)
        {
            if (string.IsNullOrWhiteSpace(topic)) throw new TopologyException($"source '{name}' has an empty topic name.");
            if (_sourceByTopic.TryGetValue(topic, out var other))
                throw new TopologyException($"topic '{topic}' is already read by source '{other}'; a topic can be a source once.");
        }
        Add(new NodeFactory(name, NodeKind.Source, [], factory) { Topics = [.. topics], IsGlobal = isGlobal });
        foreach (var topic in topics) _sourceByTopic[topic] = name;
    }

    /// <summary>A source reading every topic whose whole name matches <paramref name="pattern"/> (resolved before tasks are made).</summary>
    public void AddSource(string name, Regex pattern, Func<ProcessorNode> factory)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        Add(new NodeFactory(name, NodeKind.Source, [], factory) { TopicPattern = pattern });
    }

    /// <summary>True when a source subscribes by pattern.</summary>
    public bool HasPatternSources => _nodes.Any(n => n.TopicPattern is not null);

    /// <summary>The pattern source that would read <paramref name="topic"/>, if any: the topic is not read by name, and its whole name matches.</summary>
    public NodeFactory? PatternSourceFor(string topic) =>
        _sourceByTopic.ContainsKey(topic) || _internalTopics.ContainsKey(topic) ? null
            : _nodes.FirstOrDefault(n => n.TopicPattern is { } p && p.Match(topic) is { Success: true, Length: var l } && l == topic.Length);

    /// <summary>
    /// Gives each pattern source the topics of <paramref name="existing"/> that it matches, as Kafka's subscription does, leaving out
    /// topics read by name and the application's own internal topics (<c>&lt;applicationId&gt;-…</c>). A pattern that matches no
    /// topic fails: the sub-topology would have no input.
    /// </summary>
    public void ResolvePatterns(IEnumerable<string> existing, string applicationId)
    {
        var topics = existing.Where(t => !t.StartsWith(applicationId + "-", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        foreach (var node in _nodes.Where(n => n.TopicPattern is not null))
        {
            foreach (var old in node.Topics) _sourceByTopic.Remove(old);
            node.Topics = [.. topics.Where(t => PatternSourceFor(t) == node)];
            if (node.Topics.Length == 0)
                throw new StreamsException($"No topic matches the pattern '{node.TopicPattern}' of source '{node.Name}'; create one before starting.");
            foreach (var t in node.Topics) _sourceByTopic[t] = node.Name;
        }
    }

    /// <summary>Adds to the pattern sources the topics of <paramref name="existing"/> they match and do not read yet; returns those topics.</summary>
    public IReadOnlyList<string> AddNewPatternTopics(IEnumerable<string> existing, string applicationId)
    {
        var added = new List<string>();
        foreach (var topic in existing.Where(t => !t.StartsWith(applicationId + "-", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            if (PatternSourceFor(topic) is { } node)
            {
                AddPatternTopic(node, topic);
                added.Add(topic);
            }
        return added;
    }

    /// <summary>Adds <paramref name="topic"/> to the pattern source <paramref name="node"/> (a topic seen later, as the test driver sees inputs).</summary>
    public void AddPatternTopic(NodeFactory node, string topic)
    {
        node.Topics = [.. node.Topics, topic];
        _sourceByTopic[topic] = node.Name;
    }

    public void AddProcessor(string name, Func<ProcessorNode> factory, IReadOnlyList<string> parents) =>
        Add(new NodeFactory(name, NodeKind.Processor, CheckParents(name, parents), factory));

    public void AddSink(string name, string? topic, Func<ProcessorNode> factory, IReadOnlyList<string> parents) =>
        Add(new NodeFactory(name, NodeKind.Sink, CheckParents(name, parents), factory) { Topics = topic is null ? [] : [topic] });

    public void AddStateStore(IStoreBuilder builder, bool isGlobal = false, params string[] processorNames)
    {
        if (_storesByName.ContainsKey(builder.Name)) throw new TopologyException($"state store '{builder.Name}' is already added.");
        var store = new StoreFactory(builder) { IsGlobal = isGlobal };
        _stores.Add(store);
        _storesByName.Add(builder.Name, store);
        ConnectProcessorAndStateStores(processorNames, builder.Name);
    }

    public bool HasStore(string name) => _storesByName.ContainsKey(name);

    private readonly Dictionary<string, string> _sourceChangelogs = new(StringComparer.Ordinal);

    /// <summary>Stores restored from their table's source topic instead of a changelog of their own (store → topic).</summary>
    public IReadOnlyDictionary<string, string> SourceChangelogs => _sourceChangelogs;

    /// <summary>Makes <paramref name="topic"/> the changelog of the logged store <paramref name="store"/>: the store stops logging its writes.</summary>
    public void UseSourceTopicAsChangelog(string store, string topic)
    {
        var factory = _storesByName[store];
        if (!factory.Builder.LoggingEnabled || factory.Builder is not ILoggingSwitch logging) return;
        logging.DisableLogging();
        _sourceChangelogs[store] = topic;
    }

    public void ConnectProcessorAndStateStores(IEnumerable<string> processorNames, params string[] storeNames)
    {
        foreach (var processor in processorNames)
        {
            if (!_nodesByName.TryGetValue(processor, out var node) || node.Kind != NodeKind.Processor)
                throw new TopologyException($"processor '{processor}' does not exist; add it before connecting stores to it.");
            foreach (var storeName in storeNames)
            {
                if (!_storesByName.TryGetValue(storeName, out var store))
                    throw new TopologyException($"state store '{storeName}' does not exist; add it before connecting it.");
                store.Users.Add(processor);
                node.StoreNames.Add(storeName);
            }
        }
    }

    public void AddInternalTopic(string name, int? partitions = null) => _internalTopics[name] = partitions;

    public void CopartitionSources(IEnumerable<string> topics) => _copartitionGroups.Add([.. topics]);

    public NodeFactory Node(string name) => _nodesByName.TryGetValue(name, out var n) ? n : throw new TopologyException($"node '{name}' does not exist.");

    /// <summary>The sub-topologies: connected groups of nodes, numbered in the order of their first node. Global ones last.</summary>
    public IReadOnlyList<Subtopology> Subtopologies()
    {
        var parent = new Dictionary<string, string>(StringComparer.Ordinal);
        string Find(string x)
        {
            while (parent[x] != x) x = parent[x] = parent[parent[x]];
            return x;
        }
        void Union(string a, string b) => parent[Find(a)] = Find(b);

        foreach (var n in _nodes) parent[n.Name] = n.Name;
        foreach (var n in _nodes)
            foreach (var p in n.Parents) Union(n.Name, p);
        foreach (var s in _stores)
        {
            var users = s.Users.ToList();
            for (var i = 1; i < users.Count; i++) Union(users[0], users[i]);
        }

        var groups = new Dictionary<string, List<NodeFactory>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var n in _nodes)
        {
            var root = Find(n.Name);
            if (!groups.TryGetValue(root, out var list))
            {
                groups[root] = list = [];
                order.Add(root);
            }
            list.Add(n);
        }
        var ordered = order.Select(r => groups[r]).OrderBy(g => g.Any(n => n.IsGlobal) ? 1 : 0).ToList();
        return ordered.Select((nodes, id) => new Subtopology(id, nodes, nodes.Any(n => n.IsGlobal),
            _stores.Where(s => s.Users.Overlaps(nodes.Select(n => n.Name))).ToList())).ToList();
    }

    /// <summary>Makes fresh node and store instances for one task of <paramref name="subtopology"/>.</summary>
    public ProcessorTopology Build(Subtopology subtopology, Func<string, string> resolveTopic)
    {
        var instances = new Dictionary<string, ProcessorNode>(StringComparer.Ordinal);
        var nodes = new List<ProcessorNode>();
        var sources = new Dictionary<string, ISourceNode>(StringComparer.Ordinal);
        foreach (var factory in subtopology.Nodes)
        {
            var node = factory.Factory();
            if (node.Name != factory.Name) throw new TopologyException($"factory of node '{factory.Name}' made a node named '{node.Name}'.");
            foreach (var s in factory.StoreNames) node.StoreNames.Add(s);
            foreach (var p in factory.Parents) instances[p].Children.Add(node);
            instances[factory.Name] = node;
            nodes.Add(node);
            if (factory.Kind == NodeKind.Source)
                foreach (var topic in factory.Topics) sources[resolveTopic(topic)] = (ISourceNode)node;
        }
        var stores = subtopology.Stores.Select(s => s.Builder.Build()).ToList();
        var changelogs = subtopology.Stores.Where(s => _sourceChangelogs.ContainsKey(s.Builder.Name))
            .ToDictionary(s => s.Builder.Name, s => resolveTopic(_sourceChangelogs[s.Builder.Name]), StringComparer.Ordinal);
        return new ProcessorTopology(nodes, sources, stores) { SourceChangelogs = changelogs };
    }

    private void Add(NodeFactory node)
    {
        if (string.IsNullOrWhiteSpace(node.Name)) throw new TopologyException("a node name must not be empty.");
        if (!_nodesByName.TryAdd(node.Name, node)) throw new TopologyException($"node '{node.Name}' is already added.");
        _nodes.Add(node);
        foreach (var p in node.Parents)
        {
            var parent = _nodesByName[p];
            if (parent.Kind == NodeKind.Sink) throw new TopologyException($"sink '{p}' cannot be the parent of '{node.Name}'.");
            parent.Children.Add(node.Name);
            if (parent.IsGlobal) node.IsGlobal = true;
        }
    }

    private string[] CheckParents(string name, IReadOnlyList<string> parents)
    {
        if (parents.Count == 0) throw new TopologyException($"node '{name}' must have at least one parent.");
        foreach (var p in parents)
        {
            if (p == name) throw new TopologyException($"node '{name}' cannot be its own parent.");
            if (!_nodesByName.ContainsKey(p)) throw new TopologyException($"parent '{p}' of node '{name}' does not exist; add parents first.");
        }
        return [.. parents];
    }
}

internal enum NodeKind { Source, Processor, Sink }

/// <summary>How to make one node, and where it sits in the graph.</summary>
internal sealed class NodeFactory(string name, NodeKind kind, string[] parents, Func<ProcessorNode> factory)
{
    public string Name { get; } = name;
    public NodeKind Kind { get; } = kind;
    public string[] Parents { get; } = parents;
    public List<string> Children { get; } = [];
    public Func<ProcessorNode> Factory { get; } = factory;
    public string[] Topics { get; set; } = [];

    /// <summary>For a source subscribed by pattern: the pattern (its topics are filled in when resolved).</summary>
    public Regex? TopicPattern { get; init; }

    public HashSet<string> StoreNames { get; } = [];
    public bool IsGlobal { get; set; }

    /// <summary>For sinks whose topic is chosen per record: a description of the chooser.</summary>
    public string? TopicExtractorName { get; init; }
}

/// <summary>A store of the topology and the processors that use it.</summary>
internal sealed class StoreFactory(IStoreBuilder builder)
{
    public IStoreBuilder Builder { get; } = builder;
    public HashSet<string> Users { get; } = new(StringComparer.Ordinal);
    public bool IsGlobal { get; init; }
}

/// <summary>A connected group of nodes: one task per input partition number (or one global task).</summary>
internal sealed record Subtopology(int Id, IReadOnlyList<NodeFactory> Nodes, bool IsGlobal, IReadOnlyList<StoreFactory> Stores)
{
    public IEnumerable<string> SourceTopics => Nodes.Where(n => n.Kind == NodeKind.Source).SelectMany(n => n.Topics);
}
