using Avro.IO;
using Pulse.Schemas.Internal;

namespace Pulse.Schemas.Tests.Internal;

/// <summary>The writer's primitives write what Apache.Avro's <see cref="BinaryEncoder"/> writes.</summary>
public class AvroWriterTests
{
    [Fact]
    public void IntsAndLongs_AtEveryVarintBoundary_MatchBinaryEncoder()
    {
        long[] values = [0, 1, -1, 63, 64, -64, -65, 8191, 8192, -8192, -8193, int.MaxValue, int.MinValue, long.MaxValue, long.MinValue];
        foreach (var shift in Enumerable.Range(0, 63))
            values = [.. values, 1L << shift, (1L << shift) - 1, -(1L << shift), -(1L << shift) - 1];

        foreach (var value in values)
        {
            Assert.Equal(Apache(e => e.WriteLong(value)), Ours((ref AvroWriter w) => w.WriteLong(value)));
            if (value == (int)value)
                Assert.Equal(Apache(e => e.WriteInt((int)value)), Ours((ref AvroWriter w) => w.WriteInt((int)value)));
        }
    }

    [Theory]
    [InlineData("a")]
    [InlineData("中")]
    [InlineData("😀")]
    [InlineData("aé中😀")]
    [InlineData("\ud800")] // a lone surrogate: U+FFFD's 3 bytes, as Encoding.UTF8 writes for Apache.Avro
    public void Strings_AtEveryLengthPrefixBoundary_MatchBinaryEncoder(string piece)
    {
        int[] lengths = [0, 1, 20, 21, 22, 23, 31, 32, 63, 64, 65, 2730, 2731, 2732, 8191, 8192, 8193, 21845, 21846, 21847, 30_000, 349_525, 349_526];
        foreach (var length in lengths)
        {
            var text = string.Concat(Enumerable.Repeat(piece, length / piece.Length + 1))[..length];
            Assert.Equal(Apache(e => e.WriteString(text)), Ours((ref AvroWriter w) => w.WriteString(text)));
        }
    }

    [Fact]
    public void OtherPrimitives_MatchBinaryEncoder()
    {
        foreach (var d in new[] { double.NaN, -0.0, double.Epsilon, double.NegativeInfinity, BitConverter.Int64BitsToDouble(0x7ff0_0000_0000_0001) })
            Assert.Equal(Apache(e => e.WriteDouble(d)), Ours((ref AvroWriter w) => w.WriteDouble(d)));
        foreach (var f in new[] { float.NaN, -0.0f, float.MaxValue, BitConverter.Int32BitsToSingle(0x7f80_0001) })
            Assert.Equal(Apache(e => e.WriteFloat(f)), Ours((ref AvroWriter w) => w.WriteFloat(f)));
        Assert.Equal(Apache(e => { e.WriteBoolean(true); e.WriteBoolean(false); }), Ours((ref AvroWriter w) => { w.WriteBoolean(true); w.WriteBoolean(false); }));
        Assert.Equal(Apache(e => e.WriteBytes([1, 2, 3])), Ours((ref AvroWriter w) => w.WriteBytes([1, 2, 3])));
    }

    [Fact]
    public void Buffer_GrowsFromEmpty_AndKeepsWhatWasWritten()
    {
        var writer = new AvroWriter([]);
        for (var i = 0; i < 10_000; i++)
            writer.WriteLong(i);

        var reader = new AvroReader(writer.Written);
        for (var i = 0; i < 10_000; i++)
            Assert.Equal(i, reader.ReadLong());
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void EnumValueOutsideItsSymbols_Throws()
    {
        var error = Record.Exception(() => Ours((ref AvroWriter w) => w.WriteEnum(5, 5, "pulse.vitals.Consciousness")));

        Assert.IsType<ArgumentOutOfRangeException>(error);
        Assert.Contains("5 is not a symbol of enum pulse.vitals.Consciousness, which has 5", error.Message, StringComparison.Ordinal);
    }

    private delegate void Write(ref AvroWriter writer);

    private static byte[] Ours(Write write)
    {
        var writer = new AvroWriter(new byte[8]);
        write(ref writer);
        return writer.ToArray();
    }

    private static byte[] Apache(Action<BinaryEncoder> write)
    {
        using var stream = new MemoryStream();
        write(new BinaryEncoder(stream));
        return stream.ToArray();
    }
}
