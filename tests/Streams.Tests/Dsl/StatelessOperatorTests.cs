using Pulse.Streams.Dsl;
using Pulse.Streams.Testing;
using Pulse.Streams.Tests.TestSupport;
using Pulse.Streams.Serialization;

namespace Pulse.Streams.Tests.Dsl;

public class StatelessOperatorTests
{
    private static TopologyTestDriver Drive(Action<IKStream<string, string>> build, out TestInputTopic<string, string> input)
    {
        var builder = new StreamsBuilder();
        build(builder.Stream("in", Consumed.With(Serdes.String, Serdes.String)));
        // As in Kafka, operators that change keys or values do not carry serdes: the sink falls back to the defaults.
        var driver = new TopologyTestDriver(builder.Build(), new StreamsConfig { DefaultKeySerde = Serdes.String, DefaultValueSerde = Serdes.String });
        input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);
        return driver;
    }

    [Fact]
    public void Filter_KeepsOnlyMatchingRecords()
    {
        using var driver = Drive(s => s.Filter((k, v) => v.Length > 1).To("out"), out var input);
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.String);

        input.PipeInput("a", "x", Timestamps.T0);
        input.PipeInput("b", "yy", Timestamps.T0);
        input.PipeInput("c", "zzz", Timestamps.T0);

        Assert.Equal([new("b", "yy"), new KeyValue<string, string>("c", "zzz")], output.ReadKeyValuesToList());
    }

    [Fact]
    public void FilterNot_DropsMatchingRecords()
    {
        using var driver = Drive(s => s.FilterNot((k, _) => k == "a").To("out"), out var input);
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.String);

        input.PipeInput("a", "1", Timestamps.T0);
        input.PipeInput("b", "2", Timestamps.T0);

        Assert.Equal([new KeyValue<string, string>("b", "2")], output.ReadKeyValuesToList());
    }

    [Fact]
    public void Map_ChangesKeyAndValue_KeepsTimestampAndHeaders()
    {
        using var driver = Drive(s => s.Map((k, v) => new KeyValue<string, int>(v, k.Length))
            .To("out", Produced.With(Serdes.String, Serdes.Int32)), out var input);
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.Int32);

        input.PipeInput(new TestRecord<string, string>("abc", "x", Timestamps.T0.AddSeconds(5), TestHeaders.Of(("h", "1"))));

        var record = output.ReadRecord();
        Assert.Equal(("x", 3), (record.Key, record.Value));
        Assert.Equal(Timestamps.T0.AddSeconds(5), record.Timestamp);
        Assert.Equal("1", record.Headers.Text("h"));
    }

    [Fact]
    public void MapValues_WithoutKey_MapsValueAndKeepsKey()
    {
        using var driver = Drive(s => s.MapValues(v => v.Length).To("out", Produced.With(Serdes.String, Serdes.Int32)), out var input);
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.Int32);

        input.PipeInput("k", "four", Timestamps.T0);

        Assert.Equal(new KeyValue<string, int>("k", 4), output.ReadKeyValue());
    }

    [Fact]
    public void MapValues_WithKey_SeesKey_KeepsTimestampAndHeaders()
    {
        using var driver = Drive(s => s.MapValues((k, v) => k + ":" + v).To("out"), out var input);
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.String);

        input.PipeInput(new TestRecord<string, string>("k", "v", Timestamps.T0.AddSeconds(1), TestHeaders.Of(("trace", "t-1"))));

        var record = output.ReadRecord();
        Assert.Equal(("k", "k:v"), (record.Key, record.Value));
        Assert.Equal(Timestamps.T0.AddSeconds(1), record.Timestamp);
        Assert.Equal("t-1", record.Headers.Text("trace"));
    }

    [Fact]
    public void SelectKey_SetsNewKey_KeepsValueTimestampAndHeaders()
    {
        using var driver = Drive(s => s.SelectKey((_, v) => v.ToUpperInvariant()).To("out"), out var input);
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.String);

        input.PipeInput(new TestRecord<string, string>("old", "new", Timestamps.T0.AddSeconds(2), TestHeaders.Of(("h", "x"))));

        var record = output.ReadRecord();
        Assert.Equal(("NEW", "new"), (record.Key, record.Value));
        Assert.Equal(Timestamps.T0.AddSeconds(2), record.Timestamp);
        Assert.Equal("x", record.Headers.Text("h"));
    }

    [Fact]
    public void FlatMap_EmitsEveryPair_EachWithInputTimestampAndHeaders()
    {
        using var driver = Drive(s => s.FlatMap((k, v) => v.Split(',').Select(p => new KeyValue<string, string>(p, k))).To("out"), out var input);
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.String);

        input.PipeInput(new TestRecord<string, string>("k", "a,b,c", Timestamps.T0.AddSeconds(3), TestHeaders.Of(("h", "y"))));
        input.PipeInput("empty", "", Timestamps.T0);

        var records = output.ReadRecordsToList();
        Assert.Equal(["a", "b", "c", ""], records.Select(r => r.Key));
        Assert.All(records.Take(3), r =>
        {
            Assert.Equal("k", r.Value);
            Assert.Equal(Timestamps.T0.AddSeconds(3), r.Timestamp);
            Assert.Equal("y", r.Headers.Text("h"));
        });
    }

    [Fact]
    public void FlatMap_ReturningNothing_EmitsNothing()
    {
        using var driver = Drive(s => s.FlatMap((_, _) => Enumerable.Empty<KeyValue<string, string>>()).To("out"), out var input);
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.String);

        input.PipeInput("k", "v", Timestamps.T0);

        Assert.True(output.IsEmpty);
    }

    [Fact]
    public void FlatMapValues_WithoutKey_EmitsEachValueUnderSameKey()
    {
        using var driver = Drive(s => s.FlatMapValues(v => v.Split(' ')).To("out"), out var input);
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.String);

        input.PipeInput("k", "hello big world", Timestamps.T0);

        Assert.Equal([new("k", "hello"), new("k", "big"), new KeyValue<string, string>("k", "world")], output.ReadKeyValuesToList());
    }

    [Fact]
    public void FlatMapValues_WithKey_SeesKey_KeepsTimestampAndHeaders()
    {
        using var driver = Drive(s => s.FlatMapValues((k, v) => new[] { k + v, v + k }).To("out"), out var input);
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.String);

        input.PipeInput(new TestRecord<string, string>("k", "v", Timestamps.T0.AddSeconds(4), TestHeaders.Of(("h", "z"))));

        var records = output.ReadRecordsToList();
        Assert.Equal(["kv", "vk"], records.Select(r => r.Value));
        Assert.All(records, r =>
        {
            Assert.Equal("k", r.Key);
            Assert.Equal(Timestamps.T0.AddSeconds(4), r.Timestamp);
            Assert.Equal("z", r.Headers.Text("h"));
        });
    }

    [Fact]
    public void Peek_SeesEveryRecord_AndPassesItOnUnchanged()
    {
        var seen = new List<(string, string)>();
        using var driver = Drive(s => s.Peek((k, v) => seen.Add((k, v))).To("out"), out var input);
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.String);

        input.PipeInput(new TestRecord<string, string>("a", "1", Timestamps.T0.AddSeconds(6), TestHeaders.Of(("h", "p"))));
        input.PipeInput("b", "2", Timestamps.T0);

        Assert.Equal([("a", "1"), ("b", "2")], seen);
        var first = output.ReadRecord();
        Assert.Equal(("a", "1"), (first.Key, first.Value));
        Assert.Equal(Timestamps.T0.AddSeconds(6), first.Timestamp);
        Assert.Equal("p", first.Headers.Text("h"));
        Assert.Equal(new KeyValue<string, string>("b", "2"), output.ReadKeyValue());
    }

    [Fact]
    public void Foreach_CallsActionForEveryRecord_AndWritesNothing()
    {
        var seen = new List<(string, string)>();
        using var driver = Drive(s => s.Foreach((k, v) => seen.Add((k, v))), out var input);

        input.PipeInput("a", "1", Timestamps.T0);
        input.PipeInput("b", "2", Timestamps.T0);

        Assert.Equal([("a", "1"), ("b", "2")], seen);
        Assert.Empty(driver.ProducedTopicNames);
    }

    [Fact]
    public void ChainedOperators_ApplyInOrder()
    {
        using var driver = Drive(s => s
            .Filter((_, v) => v != "skip")
            .MapValues(v => v + "!")
            .SelectKey((k, _) => k + k)
            .FlatMapValues(v => new[] { v, v })
            .To("out"), out var input);
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.String);

        input.PipeInput("a", "skip", Timestamps.T0);
        input.PipeInput("b", "go", Timestamps.T0);

        Assert.Equal([new("bb", "go!"), new KeyValue<string, string>("bb", "go!")], output.ReadKeyValuesToList());
    }

    [Fact]
    public void NamedOperator_UsesTheGivenNodeName()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.String)).Filter((_, _) => true, Named.As("keep-all")).To("out");

        var description = builder.Build().Describe().ToString();

        Assert.Contains("Processor: keep-all (stores: [])", description, StringComparison.Ordinal);
    }
}
