using Pulse.Streams.Dsl;
using Pulse.Streams.Processor;
using Pulse.Streams.Serialization;
using Pulse.Streams.State;
using Pulse.Streams.Testing;

namespace Pulse.Streams.Tests.Processor;

/// <summary>A Processor API processor with its own versioned store.</summary>
public class VersionedStoreProcessorTests
{
    /// <summary>Puts each record at its timestamp and forwards the put's result and the value valid just before.</summary>
    private sealed class HistoryProcessor : IFixedKeyProcessor<string, string, string>
    {
        private IFixedKeyProcessorContext<string, string> _context = null!;
        private IVersionedKeyValueStore<string, string> _store = null!;

        public void Init(IFixedKeyProcessorContext<string, string> context)
        {
            _context = context;
            _store = context.GetStateStore<IVersionedKeyValueStore<string, string>>("history");
        }

        public void Process(FixedKeyRecord<string, string> record)
        {
            var result = _store.Put(record.Key, record.Value, record.Timestamp);
            var before = _store.Get(record.Key, record.Timestamp - 1);
            _context.Forward(record.WithValue($"{result}:{before?.Value ?? "-"}"));
        }
    }

    [Fact]
    public void Processor_PutsAtRecordTimes_AndReadsAsOfEarlierTimes()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.String))
            .ProcessValues(() => new HistoryProcessor(),
                [Stores.VersionedKeyValueStoreBuilder(Stores.InMemoryVersionedKeyValueStore("history", TimeSpan.FromMilliseconds(150)), Serdes.String, Serdes.String)])
            .To("out", Produced.With(Serdes.String, Serdes.String));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);

        input.PipeInput("k", "a", 100L);
        input.PipeInput("k", "c", 300L);
        input.PipeInput("k", "b", 200L);
        input.PipeInput("k", "old", 140L); // older than stream time (300) minus the history retention

        Assert.Equal(["-1:-", "-1:a", "300:a", $"{VersionedPutResult.NotPut}:-"], driver.CreateOutputTopic("out", Serdes.String, Serdes.String).ReadValuesToList());
        Assert.Equal(new VersionedRecord<string>("b", 200, 300), driver.GetVersionedKeyValueStore<string, string>("history").Get("k", 250));
    }
}
