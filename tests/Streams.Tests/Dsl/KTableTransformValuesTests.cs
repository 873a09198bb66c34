using Pulse.Streams.Dsl;
using Pulse.Streams.Processor;
using Pulse.Streams.Serialization;
using Pulse.Streams.State;
using Pulse.Streams.Testing;

namespace Pulse.Streams.Tests.Dsl;

/// <summary>
/// KTable.TransformValues, as Kafka's KTableTransformValuesTest asserts it: the transformer sees each update's key and value
/// (a delete as null), reads the stores it was given, can be materialized, is looked up through by joins, transforms old values
/// for what downstream subtracts, and is closed with its task.
/// </summary>
public class KTableTransformValuesTests
{
    private static readonly Consumed<string, string> Strings = Consumed.With(Serdes.String, Serdes.String);

    /// <summary>Upper-cases a value and tags it with its key; records each call.</summary>
    private sealed class Upper(List<string>? calls = null) : IValueTransformerWithKey<string, string, string>
    {
        public void Init(IProcessingContext context) { }

        public string? Transform(string key, string? value)
        {
            calls?.Add($"{key}:{value ?? "null"}");
            return value is null ? null : $"{key}={value.ToUpperInvariant()}";
        }
    }

    /// <summary>Counts each key's updates in the store it was given and appends the count.</summary>
    private sealed class Numbered(string store) : IValueTransformerWithKey<string, string, string>
    {
        private IKeyValueStore<string, long> _seen = null!;

        public void Init(IProcessingContext context) => _seen = context.GetStateStore<IKeyValueStore<string, long>>(store);

        public string? Transform(string key, string? value)
        {
            var n = (_seen.TryGet(key, out var seen) ? seen : 0) + 1;
            _seen.Put(key, n);
            return $"{value}#{n}";
        }
    }

    private sealed class Closing(List<string> closed) : IValueTransformerWithKey<string, string, string>
    {
        public void Init(IProcessingContext context) { }
        public string? Transform(string key, string? value) => value;
        public void Close() => closed.Add("closed");
    }

    [Fact]
    public void EveryUpdate_IsTransformed_WithItsKey_AndADeleteReachesTheTransformerAsNull()
    {
        var calls = new List<string>();
        var builder = new StreamsBuilder();
        builder.Table("t", Strings).TransformValues(() => new Upper(calls)).ToStream().To("out", Produced.With(Serdes.String, Serdes.String));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("t", Serdes.String, Serdes.String);
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.String);

        input.PipeInput("a", "x");
        input.PipeInput("a", null!);

        Assert.Equal([("a", "a=X"), ("a", null)], output.ReadKeyValuesToList().Select(kv => (kv.Key, (string?)kv.Value)));
        Assert.Equal(["a:x", "a:null"], calls);
    }

    [Fact]
    public void ATransformer_ReadsAndWritesTheStoresItWasGiven()
    {
        var builder = new StreamsBuilder();
        builder.AddStateStore(Stores.KeyValueStoreBuilder(Stores.InMemoryKeyValueStore("seen"), Serdes.String, Serdes.Int64));
        builder.Table("t", Strings).TransformValues(() => new Numbered("seen"), Named.As("number"), "seen")
            .ToStream().To("out", Produced.With(Serdes.String, Serdes.String));
        var topology = builder.Build();
        using var driver = new TopologyTestDriver(topology);
        var input = driver.CreateInputTopic("t", Serdes.String, Serdes.String);

        input.PipeInput("a", "x");
        input.PipeInput("a", "y");
        input.PipeInput("b", "z");

        Assert.Equal(["x#1", "y#2", "z#1"], driver.CreateOutputTopic("out", Serdes.String, Serdes.String).ReadValuesToList());
        Assert.Contains("Processor: number (stores: [seen])", topology.Describe().ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Materialized_KeepsTheTransformedRows_Queryable()
    {
        var builder = new StreamsBuilder();
        var table = builder.Table("t", Strings).TransformValues(() => new Upper(),
            Materialized.As<string, string>("upper").WithValueSerde(Serdes.String));
        var topology = builder.Build();
        using var driver = new TopologyTestDriver(topology);
        var input = driver.CreateInputTopic("t", Serdes.String, Serdes.String);

        input.PipeInput("a", "x");
        input.PipeInput("b", "y");
        input.PipeInput("b", null!);

        var store = driver.GetKeyValueStore<string, string>("upper");
        Assert.Equal("a=X", store.Get("a"));
        Assert.Null(store.Get("b"));
        Assert.Equal("upper", table.QueryableStoreName);
        Assert.Contains("KTABLE-TRANSFORMVALUES-", topology.Describe().ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AJoin_LooksTheTransformedRowUp_ThroughAnUnmaterializedTransform()
    {
        var builder = new StreamsBuilder();
        var right = builder.Table("r", Strings).TransformValues(() => new Upper());
        builder.Table("l", Strings).Join(right, (l, r) => l + "+" + r).ToStream().To("out", Produced.With(Serdes.String, Serdes.String));
        using var driver = new TopologyTestDriver(builder.Build());
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.String);

        driver.CreateInputTopic("r", Serdes.String, Serdes.String).PipeInput("k", "x"); // no left row yet
        driver.CreateInputTopic("l", Serdes.String, Serdes.String).PipeInput("k", "1"); // looks up "x" upstream and transforms it

        Assert.Equal(["1+k=X"], output.ReadValuesToList());
    }

    [Fact]
    public void OldValues_AreTransformedToo_SoARegroupingSubtractsTheRowItHadAdded()
    {
        var builder = new StreamsBuilder();
        builder.Table("t", Strings)
            .TransformValues(() => new Upper())
            .GroupBy((_, v) => KeyValue.Pair(v, v), Grouped.With(Serdes.String, Serdes.String))
            .Count()
            .ToStream()
            .To("counts", Produced.With(Serdes.String, Serdes.Int64));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("t", Serdes.String, Serdes.String);

        input.PipeInput("a", "x");
        input.PipeInput("a", "y");

        var counts = driver.CreateOutputTopic("counts", Serdes.String, Serdes.Int64).ReadKeyValuesToMap();
        Assert.Equal((0L, 1L), (counts["a=X"], counts["a=Y"]));
    }

    [Fact]
    public void TheTransformer_IsClosedWithItsTask()
    {
        var closed = new List<string>();
        var builder = new StreamsBuilder();
        builder.Table("t", Strings).TransformValues(() => new Closing(closed)).ToStream().To("out", Produced.With(Serdes.String, Serdes.String));
        var driver = new TopologyTestDriver(builder.Build());
        driver.CreateInputTopic("t", Serdes.String, Serdes.String).PipeInput("a", "x");
        Assert.Empty(closed);

        driver.Dispose();

        Assert.Equal(["closed"], closed);
    }

    [Fact]
    public void TheTransformerOfALookup_IsClosedWithItsTaskToo()
    {
        var closed = new List<string>();
        var builder = new StreamsBuilder();
        var right = builder.Table("r", Strings).TransformValues(() => new Closing(closed));
        builder.Table("l", Strings).Join(right, (l, r) => l + r).ToStream().To("out", Produced.With(Serdes.String, Serdes.String));
        var driver = new TopologyTestDriver(builder.Build());
        driver.CreateInputTopic("l", Serdes.String, Serdes.String).PipeInput("a", "x");

        driver.Dispose();

        Assert.Equal(["closed", "closed"], closed); // the processor's, and the one the left side looks up through
    }

    /// <summary>A value's length: a value type, which cannot be null.</summary>
    private sealed class Length : IValueTransformerWithKey<string, string, int>
    {
        public void Init(IProcessingContext context) { }
        public int Transform(string key, string? value) => value?.Length ?? 0;
    }

    [Fact]
    public void ALookupOfAKeyUpstreamDoesNotHave_FindsNoRow_EvenWhenTheTransformerGivesAValueType()
    {
        var builder = new StreamsBuilder();
        var lengths = builder.Table("r", Strings).TransformValues(() => new Length());
        builder.Table("l", Strings).Join(lengths, (l, n) => $"{l}:{n}").ToStream().To("out", Produced.With(Serdes.String, Serdes.String));
        using var driver = new TopologyTestDriver(builder.Build());
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.String);

        driver.CreateInputTopic("l", Serdes.String, Serdes.String).PipeInput("missing", "x");
        Assert.Empty(output.ReadValuesToList());

        driver.CreateInputTopic("r", Serdes.String, Serdes.String).PipeInput("k", "");
        driver.CreateInputTopic("l", Serdes.String, Serdes.String).PipeInput("k", "y"); // a row whose length is 0 is a row
        Assert.Equal(["y:0"], output.ReadValuesToList());
    }
}
