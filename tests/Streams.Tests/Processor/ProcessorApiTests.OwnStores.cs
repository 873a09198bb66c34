using Pulse.Streams.Dsl;
using Pulse.Streams.Errors;
using Pulse.Streams.State;
using Pulse.Streams.Testing;
using Pulse.Streams.Tests.TestSupport;
using Pulse.Streams.Serialization;

namespace Pulse.Streams.Tests.Processor;

/// <summary>Process/ProcessValues given the processor's own store builders (Kafka's ConnectedStoreProvider.stores()).</summary>
public partial class ProcessorApiTests
{
    [Fact]
    public void ProcessValues_WithOwnStores_AddsAndConnectsThem()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.String))
            .ProcessValues(() => new ConcatProcessor(), [Stores.KeyValueStoreBuilder(Stores.InMemoryKeyValueStore("s"), Serdes.String, Serdes.String)],
                Named.As("concat"))
            .To("out", Produced.With(Serdes.String, Serdes.String));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);

        input.PipeInput("k", "a", Timestamps.T0);
        input.PipeInput("k", "b", Timestamps.T0);

        Assert.Equal(["a", "ab"], driver.CreateOutputTopic("out", Serdes.String, Serdes.String).ReadValuesToList());
        Assert.Equal("ab", driver.GetKeyValueStore<string, string>("s").Get("k"));
        Assert.Contains("stores: [s]", builder.Build().Describe().ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Process_WithOwnStores_AddsAndConnectsThem()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.String))
            .Process(() => new CountingProcessor(), [Stores.KeyValueStoreBuilder(Stores.InMemoryKeyValueStore("s"), Serdes.String, Serdes.Int64)])
            .To("out", Produced.With(Serdes.String, Serdes.Int64));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);

        input.PipeInput("a", "x", Timestamps.T0);
        input.PipeInput("a", "y", Timestamps.T0);

        Assert.Equal([1L, 2L], driver.CreateOutputTopic("out", Serdes.String, Serdes.Int64).ReadValuesToList());
        Assert.Equal(2L, driver.GetKeyValueStore<string, long>("s").Get("a"));
    }

    [Fact]
    public void ProcessValues_WithOwnStoreWhoseNameIsTaken_FailsTheBuild()
    {
        var builder = new StreamsBuilder();
        builder.AddStateStore(Stores.KeyValueStoreBuilder(Stores.InMemoryKeyValueStore("s"), Serdes.String, Serdes.String));
        var stream = builder.Stream("in", Consumed.With(Serdes.String, Serdes.String));

        var ex = Assert.Throws<TopologyException>(() =>
            stream.ProcessValues(() => new ConcatProcessor(), [Stores.KeyValueStoreBuilder(Stores.InMemoryKeyValueStore("s"), Serdes.String, Serdes.String)]));
        Assert.Contains("'s'", ex.Message, StringComparison.Ordinal);
    }
}
