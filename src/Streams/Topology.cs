using Pulse.Streams.Internal.Processor;
using Pulse.Streams.Processor;
using Pulse.Streams.Serialization;
using Pulse.Streams.State;

namespace Pulse.Streams;

/// <summary>
/// A graph of sources, processors and sinks, with the state stores they use. Build it with the
/// DSL (<c>StreamsBuilder.Build()</c>) or node by node with the Processor API methods here,
/// then run it with <c>KafkaStreams</c> or test it with <c>TopologyTestDriver</c>.
/// </summary>
public sealed class Topology
{
    internal Topology(InternalTopologyBuilder builder) => Builder = builder;

    /// <summary>An empty topology, to fill with the Processor API.</summary>
    public Topology() : this(new InternalTopologyBuilder()) { }

    internal InternalTopologyBuilder Builder { get; }

    /// <summary>Adds a source reading <paramref name="topics"/>; null serdes mean the configured defaults.</summary>
    public Topology AddSource<TKey, TValue>(string name, Serde<TKey>? keySerde, Serde<TValue>? valueSerde, params string[] topics)
    {
        Builder.AddSource(name, topics, () => new SourceNode<TKey, TValue>(name, keySerde, valueSerde, null));
        return this;
    }

    /// <summary>Adds a source reading <paramref name="topics"/> with a timestamp extractor.</summary>
    public Topology AddSource<TKey, TValue>(string name, Serde<TKey>? keySerde, Serde<TValue>? valueSerde,
        TimestampExtractor<TKey, TValue> timestampExtractor, params string[] topics)
    {
        Builder.AddSource(name, topics, () => new SourceNode<TKey, TValue>(name, keySerde, valueSerde, timestampExtractor));
        return this;
    }

    /// <summary>Adds a processor, a new instance per task, as a child of <paramref name="parentNames"/>.</summary>
    public Topology AddProcessor<TKeyIn, TValueIn, TKeyOut, TValueOut>(string name,
        ProcessorSupplier<TKeyIn, TValueIn, TKeyOut, TValueOut> supplier, params string[] parentNames)
    {
        ArgumentNullException.ThrowIfNull(supplier);
        Builder.AddProcessor(name, () => new ProcessorNode<TKeyIn, TValueIn, TKeyOut, TValueOut>(name, supplier()), parentNames);
        return this;
    }

    /// <summary>Adds a sink writing to <paramref name="topic"/>; null serdes mean the configured defaults.</summary>
    public Topology AddSink<TKey, TValue>(string name, string topic, Serde<TKey>? keySerde, Serde<TValue>? valueSerde,
        params string[] parentNames)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        Builder.AddSink(name, topic, () => new SinkNode<TKey, TValue>(name, topic, null, keySerde, valueSerde, null), parentNames);
        return this;
    }

    /// <summary>Adds a sink whose topic <paramref name="topicExtractor"/> chooses per record.</summary>
    public Topology AddSink<TKey, TValue>(string name, TopicNameExtractor<TKey, TValue> topicExtractor, Serde<TKey>? keySerde,
        Serde<TValue>? valueSerde, params string[] parentNames)
    {
        ArgumentNullException.ThrowIfNull(topicExtractor);
        Builder.AddSink(name, null, () => new SinkNode<TKey, TValue>(name, null, topicExtractor, keySerde, valueSerde, null), parentNames);
        return this;
    }

    /// <summary>Adds a state store, connected to the named processors.</summary>
    public Topology AddStateStore(IStoreBuilder storeBuilder, params string[] processorNames)
    {
        ArgumentNullException.ThrowIfNull(storeBuilder);
        Builder.AddStateStore(storeBuilder, false, processorNames);
        return this;
    }

    /// <summary>Lets a processor use stores already added.</summary>
    public Topology ConnectProcessorAndStateStores(string processorName, params string[] storeNames)
    {
        Builder.ConnectProcessorAndStateStores([processorName], storeNames);
        return this;
    }

    /// <summary>
    /// The repartition and changelog topics this topology needs when run as <paramref name="applicationId"/>,
    /// named and sized exactly as <c>KafkaStreams.Start()</c> creates them, for tools that create topics ahead
    /// of the application. <paramref name="sourcePartitions"/> gives the partition count of each source topic
    /// (null: the topic does not exist, which throws); <paramref name="topicConfigs"/> are the application's
    /// <see cref="StreamsConfig.InternalTopicConfigs"/>.
    /// </summary>
    /// <exception cref="Errors.StreamsException">A source topic does not exist.</exception>
    /// <exception cref="Errors.TopologyException">Joined topics are not co-partitioned.</exception>
    public IReadOnlyList<InternalTopic> InternalTopics(string applicationId, Func<string, int?> sourcePartitions,
        IReadOnlyDictionary<string, string>? topicConfigs = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(applicationId);
        ArgumentNullException.ThrowIfNull(sourcePartitions);
        return new Internal.Runtime.InternalTopicManager(Builder, applicationId, topicConfigs).Plan(sourcePartitions).Topics;
    }

    /// <summary>The sub-topologies, nodes, stores and topics, printable like Kafka's <c>TopologyDescription</c>.</summary>
    public TopologyDescription Describe() => TopologyDescription.From(Builder);
}

