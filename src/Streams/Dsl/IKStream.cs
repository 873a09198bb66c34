using Pulse.Streams.Processor;
using Pulse.Streams.State;

namespace Pulse.Streams.Dsl;

/// <summary>
/// An unbounded stream of records, each independent. Operators return new streams; a stream
/// whose key an operator may have changed is repartitioned before grouping or joining.
/// </summary>
public interface IKStream<TKey, TValue>
{
    /// <summary>Keeps the records that satisfy <paramref name="predicate"/>.</summary>
    IKStream<TKey, TValue> Filter(Func<TKey, TValue, bool> predicate, Named? named = null);

    /// <summary>Drops the records that satisfy <paramref name="predicate"/>.</summary>
    IKStream<TKey, TValue> FilterNot(Func<TKey, TValue, bool> predicate, Named? named = null);

    /// <summary>Maps each record to a new key and value (marks the stream for repartitioning).</summary>
    IKStream<TKeyOut, TValueOut> Map<TKeyOut, TValueOut>(Func<TKey, TValue, KeyValue<TKeyOut, TValueOut>> mapper, Named? named = null);

    /// <summary>Maps each value; the key stays.</summary>
    IKStream<TKey, TValueOut> MapValues<TValueOut>(Func<TValue, TValueOut> mapper, Named? named = null);

    /// <summary>Maps each value, seeing the key; the key stays.</summary>
    IKStream<TKey, TValueOut> MapValues<TValueOut>(Func<TKey, TValue, TValueOut> mapper, Named? named = null);

    /// <summary>Sets a new key (marks the stream for repartitioning).</summary>
    IKStream<TKeyOut, TValue> SelectKey<TKeyOut>(Func<TKey, TValue, TKeyOut> selector, Named? named = null);

    /// <summary>Maps each record to zero or more records (marks the stream for repartitioning).</summary>
    IKStream<TKeyOut, TValueOut> FlatMap<TKeyOut, TValueOut>(Func<TKey, TValue, IEnumerable<KeyValue<TKeyOut, TValueOut>>> mapper, Named? named = null);

    /// <summary>Maps each value to zero or more values under the same key.</summary>
    IKStream<TKey, TValueOut> FlatMapValues<TValueOut>(Func<TValue, IEnumerable<TValueOut>> mapper, Named? named = null);

    /// <summary>Maps each value, seeing the key, to zero or more values under the same key.</summary>
    IKStream<TKey, TValueOut> FlatMapValues<TValueOut>(Func<TKey, TValue, IEnumerable<TValueOut>> mapper, Named? named = null);

    /// <summary>Calls <paramref name="action"/> for each record and passes it on unchanged.</summary>
    IKStream<TKey, TValue> Peek(Action<TKey, TValue> action, Named? named = null);

    /// <summary>Calls <paramref name="action"/> for each record; a terminal operation.</summary>
    void Foreach(Action<TKey, TValue> action, Named? named = null);

    /// <summary>
    /// Writes each record as a line (<c>[label]: key, value</c>) to standard output or a file, as Kafka's <c>print</c>; a terminal
    /// operation, for looking at a topology while developing it. Node <c>KSTREAM-PRINTER-</c>.
    /// </summary>
    void Print(Printed<TKey, TValue> printed);

    /// <summary>Splits the stream into named branches by predicates (first match wins).</summary>
    IBranchedKStream<TKey, TValue> Split(Named? named = null);

    /// <summary>Merges this stream and <paramref name="other"/> into one.</summary>
    IKStream<TKey, TValue> Merge(IKStream<TKey, TValue> other, Named? named = null);

    /// <summary>Writes every record to <paramref name="topic"/>.</summary>
    void To(string topic, Produced<TKey, TValue>? produced = null);

    /// <summary>Writes each record to the topic <paramref name="topicExtractor"/> chooses.</summary>
    void To(TopicNameExtractor<TKey, TValue> topicExtractor, Produced<TKey, TValue>? produced = null);

    /// <summary>Writes the stream through a repartition topic, so records are partitioned by their current key.</summary>
    IKStream<TKey, TValue> Repartition(Repartitioned<TKey, TValue>? repartitioned = null);

    /// <summary>Runs a Processor API processor (with access to <paramref name="stateStoreNames"/>); marks the stream for repartitioning.</summary>
    IKStream<TKeyOut, TValueOut> Process<TKeyOut, TValueOut>(ProcessorSupplier<TKey, TValue, TKeyOut, TValueOut> supplier,
        Named? named = null, params string[] stateStoreNames);

    /// <summary>Runs a fixed-key processor (keys unchanged, so no repartitioning).</summary>
    IKStream<TKey, TValueOut> ProcessValues<TValueOut>(FixedKeyProcessorSupplier<TKey, TValue, TValueOut> supplier,
        Named? named = null, params string[] stateStoreNames);

    /// <summary>
    /// Runs a Processor API processor with the stores it owns: each of <paramref name="stores"/> is added to
    /// the topology and connected to it (Kafka's <c>ConnectedStoreProvider.stores()</c>), so a stage given
    /// only a stream can keep state. Marks the stream for repartitioning.
    /// </summary>
    IKStream<TKeyOut, TValueOut> Process<TKeyOut, TValueOut>(ProcessorSupplier<TKey, TValue, TKeyOut, TValueOut> supplier,
        IReadOnlyList<IStoreBuilder> stores, Named? named = null);

    /// <summary>Runs a fixed-key processor with the stores it owns, each added to the topology and connected to it.</summary>
    IKStream<TKey, TValueOut> ProcessValues<TValueOut>(FixedKeyProcessorSupplier<TKey, TValue, TValueOut> supplier,
        IReadOnlyList<IStoreBuilder> stores, Named? named = null);

    /// <summary>Groups by the current key, repartitioning first if the key may have changed.</summary>
    IKGroupedStream<TKey, TValue> GroupByKey(Grouped<TKey, TValue>? grouped = null);

    /// <summary>
    /// The stream as a table: each record is the latest value of its key, a null value deletes it (Kafka's <c>toTable</c>,
    /// node <c>KSTREAM-TOTABLE-</c>). Repartitioned first when the key may have changed (<c>&lt;name&gt;-repartition</c>). Kept in a
    /// store when <paramref name="materialized"/> names one, or once a join looks the table up.
    /// </summary>
    IKTable<TKey, TValue> ToTable(Named? named = null, Materialized<TKey, TValue>? materialized = null);

    /// <summary>Groups by a new key (always repartitioned).</summary>
    IKGroupedStream<TKeyOut, TValue> GroupBy<TKeyOut>(Func<TKey, TValue, TKeyOut> selector, Grouped<TKeyOut, TValue>? grouped = null);

    /// <summary>Joins each record with the table's current value for its key; records with no table value are dropped.</summary>
    IKStream<TKey, TValueOut> Join<TTable, TValueOut>(IKTable<TKey, TTable> table, Func<TValue, TTable, TValueOut> joiner,
        Joined<TKey, TValue, TTable>? joined = null);

    /// <summary>Joins each record with the table's current value for its key, or with default when there is none.</summary>
    IKStream<TKey, TValueOut> LeftJoin<TTable, TValueOut>(IKTable<TKey, TTable> table, Func<TValue, TTable?, TValueOut> joiner,
        Joined<TKey, TValue, TTable>? joined = null);

    /// <summary>
    /// Joins each record with every record of <paramref name="other"/> with its key within <paramref name="windows"/> (a windowed
    /// inner join, as Kafka's): one result per pair, at the later of the two timestamps. Each side is kept in a window store;
    /// both are repartitioned first when their key may have changed.
    /// </summary>
    IKStream<TKey, TValueOut> Join<TOther, TValueOut>(IKStream<TKey, TOther> other, Func<TValue, TOther, TValueOut> joiner,
        JoinWindows windows, StreamJoined<TKey, TValue, TOther>? streamJoined = null);

    /// <summary>The windowed inner join, with a joiner that sees the key.</summary>
    IKStream<TKey, TValueOut> Join<TOther, TValueOut>(IKStream<TKey, TOther> other, Func<TKey, TValue, TOther, TValueOut> joiner,
        JoinWindows windows, StreamJoined<TKey, TValue, TOther>? streamJoined = null);

    /// <summary>
    /// The windowed join, and each record of this stream that meets nothing is joined with default once its window has closed
    /// (window end plus grace; no spurious early result, as Kafka ≥ 3.1).
    /// </summary>
    IKStream<TKey, TValueOut> LeftJoin<TOther, TValueOut>(IKStream<TKey, TOther> other, Func<TValue, TOther?, TValueOut> joiner,
        JoinWindows windows, StreamJoined<TKey, TValue, TOther>? streamJoined = null);

    /// <summary>The windowed left join, with a joiner that sees the key.</summary>
    IKStream<TKey, TValueOut> LeftJoin<TOther, TValueOut>(IKStream<TKey, TOther> other, Func<TKey, TValue, TOther?, TValueOut> joiner,
        JoinWindows windows, StreamJoined<TKey, TValue, TOther>? streamJoined = null);

    /// <summary>
    /// The windowed join, and each record of either stream that meets nothing is joined with default once its window has closed.
    /// </summary>
    IKStream<TKey, TValueOut> OuterJoin<TOther, TValueOut>(IKStream<TKey, TOther> other, Func<TValue?, TOther?, TValueOut> joiner,
        JoinWindows windows, StreamJoined<TKey, TValue, TOther>? streamJoined = null);

    /// <summary>The windowed outer join, with a joiner that sees the key.</summary>
    IKStream<TKey, TValueOut> OuterJoin<TOther, TValueOut>(IKStream<TKey, TOther> other, Func<TKey, TValue?, TOther?, TValueOut> joiner,
        JoinWindows windows, StreamJoined<TKey, TValue, TOther>? streamJoined = null);

    /// <summary>Joins each record with a global table row chosen by <paramref name="keySelector"/>; records with no row are dropped.</summary>
    IKStream<TKey, TValueOut> Join<TGlobalKey, TGlobalValue, TValueOut>(IGlobalKTable<TGlobalKey, TGlobalValue> table,
        Func<TKey, TValue, TGlobalKey> keySelector, Func<TValue, TGlobalValue, TValueOut> joiner, Named? named = null);

    /// <summary>Joins each record with a global table row chosen by <paramref name="keySelector"/>, or with default when there is none.</summary>
    IKStream<TKey, TValueOut> LeftJoin<TGlobalKey, TGlobalValue, TValueOut>(IGlobalKTable<TGlobalKey, TGlobalValue> table,
        Func<TKey, TValue, TGlobalKey> keySelector, Func<TValue, TGlobalValue?, TValueOut> joiner, Named? named = null);
}

/// <summary>A stream being split into branches: each record goes to the first branch whose predicate it satisfies.</summary>
public interface IBranchedKStream<TKey, TValue>
{
    /// <summary>Adds a branch for records satisfying <paramref name="predicate"/>.</summary>
    IBranchedKStream<TKey, TValue> Branch(Func<TKey, TValue, bool> predicate, Branched<TKey, TValue>? branched = null);

    /// <summary>Ends the split with a branch for every record no predicate took; returns the branches by name.</summary>
    IReadOnlyDictionary<string, IKStream<TKey, TValue>> DefaultBranch(Branched<TKey, TValue>? branched = null);

    /// <summary>Ends the split; records no predicate took are dropped. Returns the branches by name.</summary>
    IReadOnlyDictionary<string, IKStream<TKey, TValue>> NoDefaultBranch();
}

/// <summary>
/// A branch of a split: its name (the split's name followed by this one, or a number) and,
/// optionally, what to do with it.
/// </summary>
public sealed record Branched<TKey, TValue>(string? Name = null, Func<IKStream<TKey, TValue>, IKStream<TKey, TValue>?>? Chain = null);

/// <summary>Factories of <see cref="Branched{TKey, TValue}"/>.</summary>
public static class Branched
{
    /// <summary>A named branch.</summary>
    public static Branched<TKey, TValue> As<TKey, TValue>(string name) => new(name);

    /// <summary>A branch handed to <paramref name="consumer"/> (not returned in the result).</summary>
    public static Branched<TKey, TValue> WithConsumer<TKey, TValue>(Action<IKStream<TKey, TValue>> consumer, string? name = null) =>
        new(name, s => { consumer(s); return null; });

    /// <summary>A branch transformed by <paramref name="chain"/>; the result is returned under the branch's name.</summary>
    public static Branched<TKey, TValue> WithFunction<TKey, TValue>(Func<IKStream<TKey, TValue>, IKStream<TKey, TValue>> chain, string? name = null) =>
        new(name, chain);
}
