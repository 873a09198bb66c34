using System.Text;
using Pulse.Streams.Dsl;
using Pulse.Streams.Internal.Processor;
using Pulse.Streams.Internal.State;
using Pulse.Streams.Processor;
using Pulse.Streams.Serialization;
using Pulse.Streams.State;
using Pulse.Streams.Testing;
using Pulse.Streams.Tests.TestSupport;

namespace Pulse.Streams.Tests.Processor;

/// <summary>
/// What the hot path reuses instead of allocating per record (the record queue's context, a cached entry, the key bytes a
/// record was read with) must not show: each record keeps its own metadata, a cache flush carries its writer's, and a key
/// passed on is written as its serde would write it.
/// </summary>
public class RecordReuseTests
{
    private static readonly TopologyTestDriverOptions CommitOnDemand = new() { CommitEveryRecord = false };

    private sealed class MetadataKeeper : IProcessor<string, string, string, string>
    {
        private IProcessorContext<string, string> _context = null!;
        public List<IRecordMetadata> Kept { get; } = [];

        public void Init(IProcessorContext<string, string> context) => _context = context;

        public void Process(Record<string, string> record) => Kept.Add(_context.RecordMetadata!);
    }

    [Fact]
    public void RecordMetadata_KeptByAProcessor_StillDescribesItsOwnRecord_AfterLaterOnes()
    {
        var keeper = new MetadataKeeper();
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.String)).Process(() => keeper);
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);

        for (var i = 0; i < 3; i++) input.PipeInput("k", "v", Timestamps.T0);

        Assert.Equal([0L, 1L, 2L], keeper.Kept.Select(m => m.Offset));
    }

    [Fact]
    public void KeysReadFromInvalidUtf8_AreStoredAndWrittenAsTheStringSerdeWritesThem_NotAsRead()
    {
        var builder = new StreamsBuilder();
        var stream = builder.Stream("in", Consumed.With(Serdes.String, Serdes.String));
        stream.To("copy", Produced.With(Serdes.String, Serdes.String));
        stream.GroupByKey().Count(Materialized.As<string, long>("counts").WithStoreType(StoreType.InMemory)).ToStream()
            .To("counts", Produced.With(Serdes.String, Serdes.Int64));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("in", Serdes.ByteArray, Serdes.String);
        var copy = driver.CreateOutputTopic("copy", Serdes.ByteArray, Serdes.String);
        var counts = driver.CreateOutputTopic("counts", Serdes.ByteArray, Serdes.Int64);

        input.PipeInput([0xff, 0x41], "x", Timestamps.T0); // both decode to "\uFFFDA"
        input.PipeInput([0xfe, 0x41], "y", Timestamps.T0);
        input.PipeInput("ok"u8.ToArray(), "z", Timestamps.T0);

        var canonical = Encoding.UTF8.GetBytes("\uFFFDA");
        Assert.Equal([canonical, canonical, "ok"u8.ToArray()], copy.ReadKeyValuesToList().Select(kv => kv.Key));
        Assert.Equal([(canonical, 1L), (canonical, 2L), ("ok"u8.ToArray(), 1L)], counts.ReadKeyValuesToList().Select(kv => (kv.Key, kv.Value)));
    }

    [Fact]
    public void ACachedWindowFlushedOnCommit_CarriesItsLastWritersTimestampAndHeaders()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.String)).GroupByKey()
            .WindowedBy(TimeWindows.OfSizeWithNoGrace(TimeSpan.FromMinutes(1)))
            .Count(Materialized.As<string, long>("counts").WithStoreType(StoreType.InMemory))
            .ToStream().Map((k, v) => KeyValue.Pair(k.Key, v)).To("out", Produced.With(Serdes.String, Serdes.Int64));
        using var driver = new TopologyTestDriver(builder.Build(), options: CommitOnDemand);
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.Int64);

        input.PipeInput(new TestRecord<string, string>("a", "1", Timestamps.T0.AddSeconds(1), TestHeaders.Of(("h", "first"))));
        input.PipeInput(new TestRecord<string, string>("b", "1", Timestamps.T0.AddSeconds(2), TestHeaders.Of(("h", "other"))));
        input.PipeInput(new TestRecord<string, string>("a", "2", Timestamps.T0.AddSeconds(3), TestHeaders.Of(("h", "last"))));
        driver.Commit();

        var a = output.ReadRecordsToList().Single(r => r.Key == "a");
        Assert.Equal(2L, a.Value);
        Assert.Equal(Timestamps.T0.AddSeconds(3), a.Timestamp);
        Assert.Equal("last", a.Headers.Text("h"));
    }

    [Fact]
    public void AnEntryBeingFlushed_IsNotOverwrittenByAWriteTheFlushCauses()
    {
        var cache = new ThreadCache(1 << 20);
        var key = new Bytes("k"u8.ToArray());
        Func<object, long, byte[]> serialize = (o, _) => Encoding.UTF8.GetBytes((string)o);
        var flushed = new List<string>();
        cache.AddDirtyEntryFlushListener("ns", entries =>
        {
            foreach (var entry in entries)
            {
                cache.PutObject("ns", key, "written during the flush", -1, serialize, null);
                flushed.Add((string)entry.Entry.Typed!);
            }
        });
        cache.PutObject("ns", key, "first", -1, serialize, null);
        cache.PutObject("ns", key, "second", -1, serialize, null); // overwrites in place: nothing flushes it yet

        cache.Flush("ns");

        Assert.Equal(["second"], flushed);
        var after = cache.Get("ns", key)!;
        Assert.Equal("written during the flush", after.Typed);
        Assert.True(after.IsDirty);
    }
}
