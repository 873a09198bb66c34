using Pulse.Streams.Dsl;
using Pulse.Streams.Internal.Dsl.Processors;
using Pulse.Streams.Serialization;

namespace Pulse.Streams.Internal.Dsl;

/// <summary>A stream grouped by key and session: one session store per aggregation, a table keyed by session.</summary>
internal sealed class SessionWindowedKStreamImpl<TKey, TValue>(InternalStreamsBuilder builder, Func<string, string> sourceFor, Serde<TKey>? keySerde,
    Serde<TValue>? valueSerde, SessionWindows windows) : ISessionWindowedKStream<TKey, TValue>
{
    public IKTable<Windowed<TKey>, long> Count(Materialized<TKey, long>? materialized = null, Named? named = null) =>
        Aggregate("KSTREAM-AGGREGATE-", SessionAggregations.Count<TKey, TValue>(), materialized, Serdes.Int64, named);

    public IKTable<Windowed<TKey>, TValue> Reduce(Func<TValue, TValue, TValue> reducer, Materialized<TKey, TValue>? materialized = null, Named? named = null) =>
        Aggregate("KSTREAM-REDUCE-", SessionAggregations.Reduce<TKey, TValue>(reducer), materialized, valueSerde, named);

    public IKTable<Windowed<TKey>, TAggregate> Aggregate<TAggregate>(Func<TAggregate> initializer, Func<TKey, TValue, TAggregate, TAggregate> aggregator,
        Func<TKey, TAggregate, TAggregate, TAggregate> sessionMerger, Materialized<TKey, TAggregate>? materialized = null, Named? named = null) =>
        Aggregate("KSTREAM-AGGREGATE-", SessionAggregations.Aggregate(initializer, aggregator, sessionMerger), materialized, null, named);

    /// <summary>Adds the aggregation node and its session store; <paramref name="prefix"/> names what is generated.</summary>
    private KTableImpl<Windowed<TKey>, TAggregate> Aggregate<TAggregate>(string prefix, SessionAggregation<TKey, TValue, TAggregate> aggregation,
        Materialized<TKey, TAggregate>? materialized, Serde<TAggregate>? defaultValueSerde, Named? named)
    {
        var m = materialized ?? new Materialized<TKey, TAggregate>();
        var storeName = m.StoreName ?? builder.NewStoreName(prefix);
        m = m with { KeySerde = m.KeySerde ?? keySerde, ValueSerde = m.ValueSerde ?? defaultValueSerde };
        var source = sourceFor(storeName);
        var name = named?.Name ?? builder.NewName(prefix);
        builder.AddProcessor<TKey, TValue, Windowed<TKey>, Change<TAggregate>>(name,
            () => new KStreamSessionWindowAggregate<TKey, TValue, TAggregate>(storeName, windows, aggregation), source);
        builder.Topology.AddStateStore(StoreBuilders.Session(m, storeName, windows), false, name);
        var sessionKeySerde = m.KeySerde is null ? null : WindowedSerdes.SessionWindowed(m.KeySerde);
        // A session closes when stream time reaches its end plus gap plus grace, as Kafka's suppression has it: by then the
        // store (retention gap + grace) no longer returns the session, so no record can merge into it.
        return new KTableImpl<Windowed<TKey>, TAggregate>(builder, name, sessionKeySerde, m.ValueSerde, storeName, null,
            new WindowClosing<Windowed<TKey>>(windows.InactivityGapMs + windows.GraceMs, key => key.Window.EndMs,
                config => WindowedSerdes.SessionWindowed(config.KeySerde(m.KeySerde, "a suppressed session table"))));
    }
}
