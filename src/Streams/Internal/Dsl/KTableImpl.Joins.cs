using Pulse.Streams.Internal.State;
using Pulse.Streams.Dsl;
using Pulse.Streams.Internal.Dsl.Processors;

namespace Pulse.Streams.Internal.Dsl;

/// <summary>
/// Table–table joins on the key, as Kafka builds them: a node per side that looks the other side up, and a merge node; and
/// on a foreign key, built by <see cref="ForeignKeyJoinBuilder"/>.
/// </summary>
internal sealed partial class KTableImpl<TKey, TValue>
{
    public IKTable<TKey, TValueOut> Join<TOther, TValueOut>(IKTable<TKey, TOther> other, Func<TValue, TOther, TValueOut> joiner,
        Named? named = null, Materialized<TKey, TValueOut>? materialized = null)
    {
        ArgumentNullException.ThrowIfNull(joiner);
        return JoinCore<TOther, TValueOut>(other, (v, o) => joiner(v!, o!), JoinKind.Inner, named, materialized);
    }

    public IKTable<TKey, TValueOut> LeftJoin<TOther, TValueOut>(IKTable<TKey, TOther> other, Func<TValue, TOther?, TValueOut> joiner,
        Named? named = null, Materialized<TKey, TValueOut>? materialized = null)
    {
        ArgumentNullException.ThrowIfNull(joiner);
        return JoinCore<TOther, TValueOut>(other, (v, o) => joiner(v!, o), JoinKind.Left, named, materialized);
    }

    public IKTable<TKey, TValueOut> OuterJoin<TOther, TValueOut>(IKTable<TKey, TOther> other, Func<TValue?, TOther?, TValueOut> joiner,
        Named? named = null, Materialized<TKey, TValueOut>? materialized = null)
    {
        ArgumentNullException.ThrowIfNull(joiner);
        return JoinCore(other, joiner, JoinKind.Outer, named, materialized);
    }

    public IKTable<TKey, TValueOut> Join<TForeignKey, TForeignValue, TValueOut>(IKTable<TForeignKey, TForeignValue> other,
        Func<TValue, TForeignKey?> foreignKeyExtractor, Func<TValue, TForeignValue, TValueOut> joiner,
        TableJoined<TKey, TForeignKey>? tableJoined = null, Materialized<TKey, TValueOut>? materialized = null)
    {
        ArgumentNullException.ThrowIfNull(foreignKeyExtractor);
        return Join(other, (_, v) => foreignKeyExtractor(v), joiner, tableJoined, materialized);
    }

    public IKTable<TKey, TValueOut> Join<TForeignKey, TForeignValue, TValueOut>(IKTable<TForeignKey, TForeignValue> other,
        Func<TKey, TValue, TForeignKey?> foreignKeyExtractor, Func<TValue, TForeignValue, TValueOut> joiner,
        TableJoined<TKey, TForeignKey>? tableJoined = null, Materialized<TKey, TValueOut>? materialized = null)
    {
        ArgumentNullException.ThrowIfNull(joiner);
        return ForeignKeyJoinBuilder.Build(this, other, foreignKeyExtractor, (v, o) => joiner(v, o!), leftJoin: false, tableJoined, materialized);
    }

    public IKTable<TKey, TValueOut> LeftJoin<TForeignKey, TForeignValue, TValueOut>(IKTable<TForeignKey, TForeignValue> other,
        Func<TValue, TForeignKey?> foreignKeyExtractor, Func<TValue, TForeignValue?, TValueOut> joiner,
        TableJoined<TKey, TForeignKey>? tableJoined = null, Materialized<TKey, TValueOut>? materialized = null)
    {
        ArgumentNullException.ThrowIfNull(foreignKeyExtractor);
        return LeftJoin(other, (_, v) => foreignKeyExtractor(v), joiner, tableJoined, materialized);
    }

    public IKTable<TKey, TValueOut> LeftJoin<TForeignKey, TForeignValue, TValueOut>(IKTable<TForeignKey, TForeignValue> other,
        Func<TKey, TValue, TForeignKey?> foreignKeyExtractor, Func<TValue, TForeignValue?, TValueOut> joiner,
        TableJoined<TKey, TForeignKey>? tableJoined = null, Materialized<TKey, TValueOut>? materialized = null)
    {
        ArgumentNullException.ThrowIfNull(joiner);
        return ForeignKeyJoinBuilder.Build(this, other, foreignKeyExtractor, joiner, leftJoin: true, tableJoined, materialized);
    }

    private enum JoinKind { Inner, Left, Outer }

    /// <summary>
    /// Adds <c>KTABLE-JOINTHIS-</c> (this side's changes, looking the other table up), <c>KTABLE-JOINOTHER-</c> (the other's) and
    /// <c>KTABLE-MERGE-</c> (both, into the joined table's store when materialized), named <c>&lt;name&gt;-join-this</c>,
    /// <c>&lt;name&gt;-join-other</c> and <c>&lt;name&gt;</c> when named. Left and outer joins need old values of the side(s)
    /// that may be missing, as in Kafka.
    /// </summary>
    private KTableImpl<TKey, TValueOut> JoinCore<TOther, TValueOut>(IKTable<TKey, TOther> other, Func<TValue?, TOther?, TValueOut> joiner,
        JoinKind kind, Named? named, Materialized<TKey, TValueOut>? materialized)
    {
        ArgumentNullException.ThrowIfNull(other);
        var right = (KTableImpl<TKey, TOther>)other;
        var m = materialized is null ? null : materialized with
        {
            StoreName = materialized.StoreName ?? builder.NewStoreName("KTABLE-MERGE-"),
            KeySerde = materialized.KeySerde ?? keySerde,
        };
        var mergeName = named?.Name ?? builder.NewName("KTABLE-MERGE-");
        builder.Topology.CopartitionSources(SourceTopics().Concat(right.SourceTopics()));
        if (kind != JoinKind.Inner) OldValues.Enable();
        if (kind == JoinKind.Outer) right.OldValues.Enable();
        var thisGetter = ValueGetter();
        var otherGetter = right.ValueGetter();
        var thisName = named is null ? builder.NewName("KTABLE-JOINTHIS-") : named.Name + "-join-this";
        var otherName = named is null ? builder.NewName("KTABLE-JOINOTHER-") : named.Name + "-join-other";
        var result = new OldValues(() =>
        {
            OldValues.Enable();
            right.OldValues.Enable();
        });
        var (leftOuter, rightOuter) = (kind != JoinKind.Inner, kind == JoinKind.Outer);
        builder.AddProcessor<TKey, Change<TValue>, TKey, Change<TValueOut>>(thisName, () => new KTableKTableJoinSide<TKey, TValue, TOther, TValueOut>(
            otherGetter, joiner, otherRequired: !leftOuter, thisOptional: rightOuter, result.Enabled), nodeName);
        builder.AddProcessor<TKey, Change<TOther>, TKey, Change<TValueOut>>(otherName, () => new KTableKTableJoinSide<TKey, TOther, TValue, TValueOut>(
            thisGetter, (o, t) => joiner(t, o), otherRequired: !rightOuter, thisOptional: leftOuter, result.Enabled), right.NodeName);
        builder.AddProcessor<TKey, Change<TValueOut>, TKey, Change<TValueOut>>(mergeName,
            () => new KTableKTableJoinMerger<TKey, TValueOut>(m?.StoreName, result.Enabled), thisName, otherName);
        builder.Topology.ConnectProcessorAndStateStores([thisName], [.. otherGetter.StoreNames]);
        builder.Topology.ConnectProcessorAndStateStores([otherName], [.. thisGetter.StoreNames]);
        if (m is not null) builder.Topology.AddStateStore(StoreBuilders.KeyValue(m, m.StoreName!), false, mergeName);
        return new KTableImpl<TKey, TValueOut>(builder, mergeName, m?.KeySerde ?? keySerde, m?.ValueSerde, m?.StoreName,
            m is not null ? () => KTableImpl<TKey, TValueOut>.StoreGetter(m.StoreName!) : () => JoinedGetter(thisGetter, otherGetter, joiner, leftOuter, rightOuter),
            oldValues: result);
    }

    /// <summary>Looks a key up in both tables and joins what it finds, by the join's rules.</summary>
    private static ValueGetterSupplier<TKey, TValueOut> JoinedGetter<TOther, TValueOut>(ValueGetterSupplier<TKey, TValue> left,
        ValueGetterSupplier<TKey, TOther> right, Func<TValue?, TOther?, TValueOut> joiner, bool leftOuter, bool rightOuter) =>
        new([.. left.StoreNames.Union(right.StoreNames)], context =>
        {
            var (l, r) = (left.Get(context), right.Get(context));
            return (TKey key, out TValueOut? value, out long timestamp) =>
            {
                var hasLeft = l(key, out var lv, out var lt) && lv is not null;
                var hasRight = r(key, out var rv, out var rt) && rv is not null;
                var joined = (hasLeft && hasRight) || (hasLeft && leftOuter) || (hasRight && rightOuter);
                value = joined ? joiner(lv, rv) : default;
                // As Kafka's: the later of the rows joined.
                timestamp = Math.Max(hasLeft ? lt : TimestampedValues.NoTimestamp, hasRight ? rt : TimestampedValues.NoTimestamp);
                return joined;
            };
        });
}
