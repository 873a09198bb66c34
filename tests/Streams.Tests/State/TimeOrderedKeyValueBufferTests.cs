using Confluent.Kafka;
using Pulse.Streams.Internal.State;
using Pulse.Streams.State;
using Pulse.Streams.Tests.TestSupport;

namespace Pulse.Streams.Tests.State;

/// <summary>The suppression buffer on its own: order, in-place updates, sizes, and restore from changelog records.</summary>
public class TimeOrderedKeyValueBufferTests
{
    private static Bytes Key(string k) => new(System.Text.Encoding.UTF8.GetBytes(k));

    private static BufferValue Value(long time, string newValue, string? oldValue = null, long? timestamp = null, Headers? headers = null) =>
        new(time, 0, timestamp ?? time, System.Text.Encoding.UTF8.GetBytes(newValue), oldValue is null ? null : System.Text.Encoding.UTF8.GetBytes(oldValue), headers);

    private static List<string> EvictAll(InMemoryTimeOrderedKeyValueBuffer buffer)
    {
        var evicted = new List<string>();
        buffer.EvictWhile(() => true, (k, v) => evicted.Add($"{System.Text.Encoding.UTF8.GetString(k.Span)}={System.Text.Encoding.UTF8.GetString(v.NewValue!)}@{v.Timestamp}"));
        return evicted;
    }

    [Fact]
    public void Entries_LeaveInBufferTimeOrder_TiesByKey_AndAnUpdateKeepsItsFirstTime()
    {
        var buffer = new InMemoryTimeOrderedKeyValueBuffer("buffer", loggingEnabled: false);
        buffer.Put(Key("b"), Value(20, "b1"));
        buffer.Put(Key("c"), Value(10, "c1"));
        buffer.Put(Key("a"), Value(20, "a1"));
        buffer.Put(Key("c"), Value(30, "c2"));

        Assert.Equal((3, 10L), (buffer.Count, buffer.MinTime));
        Assert.Equal(["c=c2@30", "a=a1@20", "b=b1@20"], EvictAll(buffer));
        Assert.Equal((0, 0L, long.MaxValue), (buffer.Count, buffer.SizeBytes, buffer.MinTime));
    }

    [Fact]
    public void Restore_RebuildsEntries_WithValuesTimestampsHeaders_AndTheLargestStreamTimeRecorded()
    {
        using var context = new TestStoreContext();
        var buffer = new InMemoryTimeOrderedKeyValueBuffer("buffer", loggingEnabled: true);
        buffer.Init(context, buffer);
        var headers = new Headers { { "trace", [1, 2, 3] } };
        var changelog = new List<KeyValuePair<byte[], byte[]?>>
        {
            new(Key("a").Get(), (Value(100, "a1") with { StreamTime = 100 }).Serialize()),
            new(Key("b").Get(), (Value(150, "b1", "b0", 160, headers) with { StreamTime = 160 }).Serialize()),
            new(Key("c").Get(), (Value(90, "c1") with { StreamTime = 170 }).Serialize()),
            new(Key("c").Get(), null), // evicted
        };

        context.Restore("buffer", [.. changelog]);

        Assert.Equal((2, 100L, 170L), (buffer.Count, buffer.MinTime, buffer.ObservedStreamTime));
        BufferValue? b = null;
        buffer.EvictWhile(() => true, (k, v) => { if (k.Equals(Key("b"))) b = v; });
        Assert.NotNull(b);
        Assert.Equal((150L, 160L, "b1", "b0"), (b.BufferTime, b.Timestamp, System.Text.Encoding.UTF8.GetString(b.NewValue!), System.Text.Encoding.UTF8.GetString(b.OldValue!)));
        var header = Assert.Single(b.Headers!);
        Assert.Equal("trace", header.Key);
        Assert.Equal([1, 2, 3], header.GetValueBytes());
    }

    [Fact]
    public void BufferValue_RoundTrips_NullValuesAndNoHeaders()
    {
        var value = new BufferValue(-5, 7, 9, null, null, null);

        var back = BufferValue.Deserialize(value.Serialize());

        Assert.Equal((-5L, 7L, 9L), (back.BufferTime, back.StreamTime, back.Timestamp));
        Assert.Null(back.NewValue);
        Assert.Null(back.OldValue);
        Assert.Null(back.Headers);
    }

    [Fact]
    public void AnEntry_KeepsThePriorValueOfItsFirstUpdate_UntilItIsEvicted()
    {
        var buffer = new InMemoryTimeOrderedKeyValueBuffer("buffer", loggingEnabled: false);
        Assert.False(buffer.TryGetPriorValue(Key("a"), out _));

        buffer.Put(Key("a"), Value(10, "a2", oldValue: "a1"));
        buffer.Put(Key("a"), Value(20, "a3", oldValue: "a2"));
        buffer.Put(Key("b"), Value(30, "b1")); // nothing before it

        Assert.True(buffer.TryGetPriorValue(Key("a"), out var prior));
        Assert.Equal("a1", System.Text.Encoding.UTF8.GetString(prior!));
        Assert.True(buffer.TryGetPriorValue(Key("b"), out var none));
        Assert.Null(none);
        EvictAll(buffer);
        Assert.False(buffer.TryGetPriorValue(Key("a"), out _));
    }

    [Fact]
    public void BufferValue_RoundTrips_APriorValue_WhetherItIsTheOldValueOrNot()
    {
        var (prior, old) = ("p"u8.ToArray(), "o"u8.ToArray());
        var distinct = new BufferValue(1, 2, 3, "n"u8.ToArray(), old, null) { PriorValue = prior };
        var same = new BufferValue(1, 2, 3, "n"u8.ToArray(), old, null) { PriorValue = [.. old] };
        var noPrior = new BufferValue(1, 2, 3, "n"u8.ToArray(), old, null) { PriorValue = null };

        Assert.Equal("p"u8.ToArray(), BufferValue.Deserialize(distinct.Serialize()).PriorValue);
        Assert.Equal("o"u8.ToArray(), BufferValue.Deserialize(same.Serialize()).PriorValue);
        Assert.Equal(distinct.Serialize().Length - 1, same.Serialize().Length); // a prior equal to the old value is written as a marker
        Assert.Null(BufferValue.Deserialize(noPrior.Serialize()).PriorValue);
        Assert.Equal("o"u8.ToArray(), BufferValue.Deserialize(noPrior.Serialize()).OldValue);
    }

    [Fact]
    public void BufferValue_ReadsVersion1_WithTheOldValueAsItsPrior()
    {
        // Version 1: [1][buffer time][stream time][timestamp][new][old][header count], no prior value.
        var v1 = new List<byte> { 1 };
        foreach (var n in new long[] { 5, 6, 7 }) v1.AddRange(BigEndian(n));
        v1.AddRange([0, 0, 0, 1, (byte)'n', 0, 0, 0, 1, (byte)'o', 0, 0, 0, 0]);

        var back = BufferValue.Deserialize([.. v1]);

        Assert.Equal((5L, 6L, 7L), (back.BufferTime, back.StreamTime, back.Timestamp));
        Assert.Equal(("n", "o", "o"), (System.Text.Encoding.UTF8.GetString(back.NewValue!), System.Text.Encoding.UTF8.GetString(back.OldValue!),
            System.Text.Encoding.UTF8.GetString(back.PriorValue!)));
    }

    private static byte[] BigEndian(long n)
    {
        var bytes = new byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(bytes, n);
        return bytes;
    }

    [Fact]
    public void Restore_OfAVersion1Record_KeepsThePriorValueTheKeyHolds()
    {
        using var context = new TestStoreContext();
        var buffer = new InMemoryTimeOrderedKeyValueBuffer("buffer", loggingEnabled: true);
        buffer.Init(context, buffer);
        var v1 = new List<byte> { 1 };
        foreach (var n in new long[] { 10, 20, 20 }) v1.AddRange(BigEndian(n));
        v1.AddRange([0, 0, 0, 2, (byte)'a', (byte)'3', 0, 0, 0, 2, (byte)'a', (byte)'2', 0, 0, 0, 0]); // new "a3", old "a2", no headers

        context.Restore("buffer", [new(Key("a").Get(), (Value(10, "a2", "a1") with { PriorValue = "a0"u8.ToArray() }).Serialize()), new(Key("a").Get(), [.. v1])]);

        Assert.True(buffer.TryGetPriorValue(Key("a"), out var prior));
        Assert.Equal("a0", System.Text.Encoding.UTF8.GetString(prior!));
    }
}
