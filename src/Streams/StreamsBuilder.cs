using Pulse.Streams.Dsl;
using Pulse.Streams.Internal.Dsl;
using Pulse.Streams.Internal.Dsl.Processors;
using Pulse.Streams.State;

namespace Pulse.Streams;

/// <summary>
/// Builds a topology with the DSL: read topics as streams or tables, transform, aggregate, join,
/// write; then <see cref="Build()"/>. Node and store names follow Kafka's scheme unless named.
/// </summary>
public sealed class StreamsBuilder
{
    private readonly InternalStreamsBuilder _builder = new();

    /// <summary>Reads <paramref name="topic"/> as a stream.</summary>
    public IKStream<TKey, TValue> Stream<TKey, TValue>(string topic, Consumed<TKey, TValue>? consumed = null) => Stream([topic], consumed);

    /// <summary>Reads several topics as one stream.</summary>
    public IKStream<TKey, TValue> Stream<TKey, TValue>(IReadOnlyList<string> topics, Consumed<TKey, TValue>? consumed = null)
    {
        var name = consumed?.Name ?? _builder.NewName("KSTREAM-SOURCE-");
        _builder.AddSource(name, topics, consumed?.KeySerde, consumed?.ValueSerde, consumed?.TimestampExtractor);
        return new KStreamImpl<TKey, TValue>(_builder, name, consumed?.KeySerde, consumed?.ValueSerde, false);
    }

    /// <summary>
    /// Reads every topic whose whole name matches <paramref name="topicPattern"/> as one stream (Kafka's pattern subscription;
    /// <c>Describe()</c> shows the pattern). The application reads the matching topics, except its own internal topics and topics
    /// another source reads by name; one created later is added within <see cref="StreamsConfig.TopicPatternRefreshInterval"/>
    /// through a rebalance. The test driver matches each input topic as records are piped.
    /// </summary>
    public IKStream<TKey, TValue> Stream<TKey, TValue>(System.Text.RegularExpressions.Regex topicPattern, Consumed<TKey, TValue>? consumed = null)
    {
        ArgumentNullException.ThrowIfNull(topicPattern);
        var name = consumed?.Name ?? _builder.NewName("KSTREAM-SOURCE-");
        _builder.AddSource(name, topicPattern, consumed?.KeySerde, consumed?.ValueSerde, consumed?.TimestampExtractor);
        return new KStreamImpl<TKey, TValue>(_builder, name, consumed?.KeySerde, consumed?.ValueSerde, false);
    }

    /// <summary>
    /// Reads <paramref name="topic"/> as a table (latest value per key; null deletes). As in Kafka, it is kept in a store when
    /// <paramref name="materialized"/> names one (then queryable), or once something needs to look it up (a join); otherwise it
    /// only forwards its changes, and <c>Describe()</c> shows no store.
    /// </summary>
    public IKTable<TKey, TValue> Table<TKey, TValue>(string topic, Consumed<TKey, TValue>? consumed = null, Materialized<TKey, TValue>? materialized = null)
    {
        // Kafka names the store before the nodes, so a generated store is <topic>-STATE-STORE-0000000000.
        var m = materialized ?? new Materialized<TKey, TValue>();
        var queryable = m.StoreName is not null;
        var storeName = m.StoreName ?? _builder.NewStoreName(topic + "-");
        var source = consumed?.Name ?? _builder.NewName("KSTREAM-SOURCE-");
        m = m with { KeySerde = m.KeySerde ?? consumed?.KeySerde, ValueSerde = m.ValueSerde ?? consumed?.ValueSerde };
        var name = _builder.NewName("KTABLE-SOURCE-");
        _builder.AddSource(source, [topic], consumed?.KeySerde, consumed?.ValueSerde, consumed?.TimestampExtractor);
        return _builder.TableSource(name, source, storeName, m, queryable, sourceTopic: topic);
    }

    /// <summary>Reads <paramref name="topic"/> in full on every instance into a global store, readable from every task.</summary>
    public IGlobalKTable<TKey, TValue> GlobalTable<TKey, TValue>(string topic, Consumed<TKey, TValue>? consumed = null,
        Materialized<TKey, TValue>? materialized = null)
    {
        var m = (materialized ?? new Materialized<TKey, TValue>()) with { CachingEnabled = false, LoggingEnabled = false };
        var storeName = m.StoreName ?? _builder.NewStoreName(topic + "-");
        var source = consumed?.Name ?? _builder.NewName("KSTREAM-SOURCE-");
        m = m with { KeySerde = m.KeySerde ?? consumed?.KeySerde, ValueSerde = m.ValueSerde ?? consumed?.ValueSerde };
        var name = _builder.NewName("KTABLE-SOURCE-");
        _builder.AddSource(source, [topic], consumed?.KeySerde, consumed?.ValueSerde, consumed?.TimestampExtractor, isGlobal: true);
        _builder.AddProcessor<TKey, TValue, TKey, Change<TValue>>(name, () => new KTableSource<TKey, TValue>(storeName), source);
        _builder.Topology.AddStateStore(StoreBuilders.KeyValue(m, storeName, timestamped: false), true, name);
        return new GlobalKTableImpl<TKey, TValue>(storeName);
    }

    /// <summary>Adds a store for Processor API processors to use (name it in <c>Process</c>/<c>ProcessValues</c>).</summary>
    public StreamsBuilder AddStateStore(IStoreBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        _builder.Topology.AddStateStore(builder);
        return this;
    }

    /// <summary>The topology built so far.</summary>
    public Topology Build() => new(_builder.Topology);

    /// <summary>Builds the topology with the rewrites <see cref="StreamsConfig.TopologyOptimization"/> asks for (Kafka's <c>build(props)</c>).</summary>
    public Topology Build(StreamsConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.TopologyOptimization.HasFlag(TopologyOptimization.ReuseKTableSourceTopics)) _builder.ReuseSourceTopicsAsChangelogs();
        return Build();
    }
}
