using Pulse.Streams.Dsl;
using Pulse.Streams.Internal.Dsl.Processors.ForeignKeyJoin;
using Pulse.Streams.Processor;
using Pulse.Streams.Serialization;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.Dsl;

/// <summary>
/// Builds a foreign-key table–table join as Kafka does (KIP-213), names and all:
/// <code>
///   left table ── SUBSCRIPTION-REGISTRATION (processor) ── KTABLE-SINK ─▶ subscription-registration-topic (by foreign key)
///                                                                                  │
///   subscription-registration-topic ─▶ KTABLE-SOURCE ── SUBSCRIPTION-PROCESSOR (receive: subscription store)
///                                                          └─ SUBSCRIPTION-PROCESSOR (join foreign: looks the right table up) ─┐
///   right table ── SUBSCRIPTION-PROCESSOR (foreign join: prefix scan of the subscription store) ────────────────────────────────┤
///                                                                   KTABLE-SINK ─▶ subscription-response-topic (by left key) ◀┘
///   subscription-response-topic ─▶ KTABLE-SOURCE ── SUBSCRIPTION-RESPONSE-RESOLVER-PROCESSOR (hash check, joiner) ── OUTPUT
/// </code>
/// Each step draws its generated name in Kafka's order, or is <c>&lt;name&gt;-…</c> when the join is named. The subscription
/// topic is co-partitioned with the right table's source topics, the response topic with the left table's; responses go
/// back to the partition the left row came from. Both tables send old values (the left side unsubscribes from an old foreign
/// key) and are materialized (looked up). The result table is materialized when <c>Materialized</c> names a store, or when a
/// later join looks it up.
/// </summary>
internal static class ForeignKeyJoinBuilder
{
    private const string Prefix = "KTABLE-FK-JOIN-";

    public static IKTable<TKey, TValueOut> Build<TKey, TValue, TForeignKey, TForeignValue, TValueOut>(KTableImpl<TKey, TValue> left,
        IKTable<TForeignKey, TForeignValue> other, Func<TKey, TValue, TForeignKey?> foreignKeyExtractor, Func<TValue, TForeignValue?, TValueOut> joiner,
        bool leftJoin, TableJoined<TKey, TForeignKey>? tableJoined, Materialized<TKey, TValueOut>? materialized)
    {
        ArgumentNullException.ThrowIfNull(other);
        ArgumentNullException.ThrowIfNull(foreignKeyExtractor);
        var right = (KTableImpl<TForeignKey, TForeignValue>)other;
        var builder = left.Builder;
        var topology = builder.Topology;
        var name = tableJoined?.Name;
        string Named(string suffix, string prefix) => name is null ? builder.NewName(prefix) : name + suffix;

        right.OldValues.Enable();
        left.OldValues.Enable();

        var subscriptionTopic = Named("-subscription-registration", Prefix + "SUBSCRIPTION-REGISTRATION-") + "-topic";
        var serdes = new JoinSerdes<TKey, TValue, TForeignKey, TForeignValue>(left.KeySerde, left.ValueSerde, right.KeySerde, right.ValueSerde,
            subscriptionTopic);
        topology.AddInternalTopic(subscriptionTopic);
        var send = Named("-subscription-registration-processor", Prefix + "SUBSCRIPTION-REGISTRATION-");
        builder.AddProcessor<TKey, Change<TValue>, TForeignKey, SubscriptionWrapper>(send,
            () => new SubscriptionSend<TKey, TValue, TForeignKey, TForeignValue>(foreignKeyExtractor, serdes, leftJoin), left.NodeName);
        var subscriptionSink = Named("-subscription-registration-sink", "KTABLE-SINK-");
        builder.AddSink(subscriptionSink, subscriptionTopic, right.KeySerde, SubscriptionWrapper.Serde,
            OtherPartitioner<TForeignKey>(tableJoined?.OtherPartitioner), send);
        var subscriptionSource = Named("-subscription-registration-source", "KTABLE-SOURCE-");
        builder.AddSource<TForeignKey, SubscriptionWrapper>(subscriptionSource, [subscriptionTopic], right.KeySerde, SubscriptionWrapper.Serde);
        topology.CopartitionSources(right.SourceTopics().Append(subscriptionTopic));

        var store = Named("-subscription-store", Prefix + "SUBSCRIPTION-STATE-STORE-");
        var receive = Named("-subscription-receive", Prefix + "SUBSCRIPTION-PROCESSOR-");
        builder.AddProcessor<TForeignKey, SubscriptionWrapper, TForeignKey, SubscriptionWrapper>(receive,
            () => new SubscriptionReceive<TKey, TValue, TForeignKey, TForeignValue>(store, serdes), subscriptionSource);
        var foreignGetter = right.ValueGetter();
        var joinForeign = Named("-subscription-join-foreign", Prefix + "SUBSCRIPTION-PROCESSOR-");
        builder.AddProcessor<TForeignKey, SubscriptionWrapper, TKey, SubscriptionResponseWrapper>(joinForeign,
            () => new SubscriptionJoinForeign<TKey, TValue, TForeignKey, TForeignValue>(foreignGetter, serdes), receive);
        topology.ConnectProcessorAndStateStores([joinForeign], [.. foreignGetter.StoreNames]);
        var foreignJoin = Named("-foreign-join-subscription", Prefix + "SUBSCRIPTION-PROCESSOR-");
        builder.AddProcessor<TForeignKey, Change<TForeignValue>, TKey, SubscriptionResponseWrapper>(foreignJoin,
            () => new ForeignTableJoin<TKey, TValue, TForeignKey, TForeignValue>(store, serdes), right.NodeName);
        topology.AddStateStore(Stores.KeyValueStoreBuilder(Stores.PersistentKeyValueStore(store), Serdes.ByteArray, SubscriptionWrapper.Serde),
            false, receive, foreignJoin);

        var responseTopic = Named("-subscription-response", Prefix + "SUBSCRIPTION-RESPONSE-") + "-topic";
        topology.AddInternalTopic(responseTopic);
        var responseSink = Named("-subscription-response-sink", "KTABLE-SINK-");
        builder.AddSink(responseSink, responseTopic, left.KeySerde, SubscriptionResponseWrapper.Serde, ResponsePartitioner(tableJoined?.Partitioner),
            joinForeign, foreignJoin);
        var responseSource = Named("-subscription-response-source", "KTABLE-SOURCE-");
        builder.AddSource<TKey, SubscriptionResponseWrapper>(responseSource, [responseTopic], left.KeySerde, SubscriptionResponseWrapper.Serde);
        topology.CopartitionSources(left.SourceTopics().Append(responseTopic));

        var leftGetter = left.ValueGetter();
        var resolver = Named("-subscription-response-resolver", Prefix + "SUBSCRIPTION-RESPONSE-RESOLVER-PROCESSOR-");
        builder.AddProcessor<TKey, SubscriptionResponseWrapper, TKey, TValueOut>(resolver,
            () => new ResponseJoin<TKey, TValue, TForeignKey, TForeignValue, TValueOut>(leftGetter, serdes, joiner, leftJoin), responseSource);
        topology.ConnectProcessorAndStateStores([resolver], [.. leftGetter.StoreNames]);

        var result = Named("-result", Prefix + "OUTPUT-");
        var m = materialized ?? new Materialized<TKey, TValueOut>();
        var storeName = m.StoreName ?? builder.NewStoreName(Prefix + "OUTPUT-");
        m = m with { KeySerde = m.KeySerde ?? left.KeySerde };
        return builder.TableSource(result, resolver, storeName, m, queryable: m.StoreName is not null);
    }

    /// <summary>Places subscriptions by the user's partitioner of foreign keys, if any; else the default partitioner does (by key bytes).</summary>
    private static StreamPartitioner<TForeignKey, SubscriptionWrapper>? OtherPartitioner<TForeignKey>(StreamPartitioner<TForeignKey, object?>? partitioner) =>
        partitioner is null ? null : (topic, key, _, partitions) => key is null ? null : partitioner(topic, key, null, partitions);

    /// <summary>Sends a response back to the partition its left row came from, unless the user partitions the left keys.</summary>
    private static StreamPartitioner<TKey, SubscriptionResponseWrapper> ResponsePartitioner<TKey>(StreamPartitioner<TKey, object?>? partitioner) =>
        partitioner is null ? (_, _, response, _) => response.PrimaryPartition : (topic, key, _, partitions) => partitioner(topic, key, null, partitions);
}
