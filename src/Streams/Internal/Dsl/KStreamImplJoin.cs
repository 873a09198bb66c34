using Pulse.Streams.Dsl;
using Pulse.Streams.Errors;
using Pulse.Streams.Internal.Dsl.Processors;
using Pulse.Streams.Internal.Processor;
using Pulse.Streams.Serialization;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.Dsl;

/// <summary>
/// Builds a stream–stream join, as Kafka's <c>KStreamImplJoin</c>: each side is repartitioned first when its key may
/// have changed, then
/// <code>
/// this  ──► KSTREAM-WINDOWED-a (puts into this side's store) ──► KSTREAM-JOINTHIS-c  (looks up the other's store) ──┐
/// other ──► KSTREAM-WINDOWED-b (puts into the other's store) ──► KSTREAM-JOINOTHER-d (looks up this side's store) ──┴► KSTREAM-MERGE-e
/// </code>
/// Five names are drawn whether or not <see cref="StreamJoined{TKey, TValue, TOther}.Name"/> names the nodes, so later
/// generated names match Kafka's. An outer side's join node is <c>KSTREAM-OUTERTHIS-</c>/<c>KSTREAM-OUTEROTHER-</c>, and
/// left and outer joins share the outer-join store <c>KSTREAM-OUTERSHARED-c-store</c>. The window stores keep duplicates,
/// windows of size before + after, for size + grace.
/// </summary>
internal static class KStreamImplJoin
{
    public static IKStream<TKey, TValueOut> Join<TKey, TLeft, TRight, TValueOut>(KStreamImpl<TKey, TLeft> left, KStreamImpl<TKey, TRight> right,
        Func<TKey, TLeft?, TRight?, TValueOut> joiner, JoinWindows windows, StreamJoined<TKey, TLeft, TRight>? streamJoined, bool leftOuter, bool rightOuter)
    {
        ArgumentNullException.ThrowIfNull(right);
        ArgumentNullException.ThrowIfNull(joiner);
        ArgumentNullException.ThrowIfNull(windows);
        var builder = left.Builder;
        var sj = streamJoined ?? new StreamJoined<TKey, TLeft, TRight>();
        var (keySerde, leftSerde, rightSerde) = (sj.KeySerde ?? left.KeySerde ?? right.KeySerde, sj.ValueSerde ?? left.ValueSerde, sj.OtherValueSerde ?? right.ValueSerde);
        var leftNode = left.RepartitionRequired
            ? builder.RepartitionForJoin(left.NodeName, sj.Name is { } l ? l + "-left" : left.NodeName, keySerde, leftSerde)
            : left.NodeName;
        var rightNode = right.RepartitionRequired
            ? builder.RepartitionForJoin(right.NodeName, sj.Name is { } r ? r + "-right" : right.NodeName, keySerde, rightSerde)
            : right.NodeName;

        string Name(string prefix, string suffix)
        {
            var generated = builder.NewName(prefix);
            return sj.Name is null ? generated : sj.Name + suffix;
        }
        var thisWindowed = Name("KSTREAM-WINDOWED-", "-this-windowed");
        var otherWindowed = Name("KSTREAM-WINDOWED-", "-other-windowed");
        var (thisPrefix, thisSuffix) = rightOuter ? ("KSTREAM-OUTERTHIS-", "-outer-this-join") : ("KSTREAM-JOINTHIS-", "-this-join");
        var (otherPrefix, otherSuffix) = leftOuter ? ("KSTREAM-OUTEROTHER-", "-outer-other-join") : ("KSTREAM-JOINOTHER-", "-other-join");
        var joinThisGenerated = builder.NewName(thisPrefix);
        var joinOtherGenerated = builder.NewName(otherPrefix);
        var (joinThis, joinOther) = sj.Name is null ? (joinThisGenerated, joinOtherGenerated) : (sj.Name + thisSuffix, sj.Name + otherSuffix);
        var merge = Name("KSTREAM-MERGE-", "-merge");

        var spec = new JoinWindowsSpec(windows.BeforeMs, windows.AfterMs, windows.GraceMs);
        var thisStore = JoinStores.Window(sj.ThisStoreSupplier, sj.StoreName is null ? joinThisGenerated : sj.StoreName + thisSuffix, windows, sj, keySerde, leftSerde);
        var otherStore = JoinStores.Window(sj.OtherStoreSupplier, sj.StoreName is null ? joinOtherGenerated : sj.StoreName + otherSuffix, windows, sj, keySerde, rightSerde);
        if (thisStore.Name == otherStore.Name) throw new TopologyException($"both sides of the join '{merge}' would keep their records in the store '{thisStore.Name}'; the store suppliers must have different names.");
        var outerStoreName = leftOuter ? JoinStores.OuterName(sj, joinThisGenerated[thisPrefix.Length..], rightOuter) : null;
        Func<OuterJoinStore<TKey, TLeft, TRight>>? outerStore = outerStoreName is null ? null : () => new OuterJoinStore<TKey, TLeft, TRight>(outerStoreName, keySerde, leftSerde, rightSerde);
        var retention = windows.SizeMs + windows.GraceMs;
        var trackers = new JoinTimeTrackers();

        builder.AddProcessor<TKey, TLeft, TKey, TLeft>(thisWindowed, () => new KStreamJoinWindow<TKey, TLeft>(thisStore.Name, retention), leftNode);
        builder.AddProcessor<TKey, TRight, TKey, TRight>(otherWindowed, () => new KStreamJoinWindow<TKey, TRight>(otherStore.Name, retention), rightNode);
        builder.Topology.AddStateStore(thisStore, false, thisWindowed);
        builder.Topology.AddStateStore(otherStore, false, otherWindowed);
        builder.AddProcessor<TKey, TLeft, TKey, TValueOut>(joinThis, () => new KStreamKStreamJoin<TKey, TLeft, TRight, TLeft, TRight, TValueOut>(
            true, otherStore.Name, windows.BeforeMs, windows.AfterMs, spec, leftOuter, joiner, outerStore, trackers), thisWindowed);
        builder.AddProcessor<TKey, TRight, TKey, TValueOut>(joinOther, () => new KStreamKStreamJoin<TKey, TRight, TLeft, TLeft, TRight, TValueOut>(
            false, thisStore.Name, windows.AfterMs, windows.BeforeMs, spec, rightOuter, (k, r, l) => joiner(k, l, r), outerStore, trackers), otherWindowed);
        builder.Topology.ConnectProcessorAndStateStores([joinThis], otherStore.Name);
        builder.Topology.ConnectProcessorAndStateStores([joinOther], thisStore.Name);
        if (outerStoreName is not null) builder.Topology.AddStateStore(JoinStores.Outer(outerStoreName, sj), false, joinThis, joinOther);
        builder.AddProcessor<TKey, TValueOut, TKey, TValueOut>(merge, () => new KStreamPassThrough<TKey, TValueOut>(), joinThis, joinOther);
        builder.Topology.CopartitionSources(TopologyWalk.SourceTopicsOf(builder.Topology, leftNode).Concat(TopologyWalk.SourceTopicsOf(builder.Topology, rightNode)));
        return new KStreamImpl<TKey, TValueOut>(builder, merge, keySerde, null, false);
    }
}
