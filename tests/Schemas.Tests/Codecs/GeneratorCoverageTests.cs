using Avro.Specific;
using Pulse.Schemas.Internal;
using Pulse.Schemas.Tests.Codecs.Generated;
using Pulse.Schemas.Tests.TestSupport;
using pulse.codectest;

namespace Pulse.Schemas.Tests.Codecs;

/// <summary>
/// The generator on constructs avro/ does not use yet (tests/Schemas.Tests/avro, generated into
/// tests/Schemas.Tests/Generated): long, float, bytes, arrays, nested arrays and maps, null as the
/// second branch, nullable records, maps and timestamps, C# keywords as names, a record holding
/// itself; and a record it leaves to Apache.Avro.
/// </summary>
public class GeneratorCoverageTests
{
    [Fact]
    public void EveryConstruct_EncodesToApacheAvrosBytes_AndDecodesBack()
    {
        var random = new RandomRecords(seed: 3);
        for (var i = 0; i < 300; i++)
        {
            var value = random.Next<Everything>();
            var bytes = Encode(value);
            Assert.True(AvroBytes.ApacheWrite(value).AsSpan().SequenceEqual(bytes), $"record {i}: {Convert.ToHexString(bytes)}");
            SampleRecords.AssertSame(value, Decode(bytes));
            SampleRecords.AssertSame(AvroBytes.ApacheRead<Everything>(bytes), Decode(bytes));
        }
    }

    [Fact]
    public void RecordTheCodecsCannotEncode_HasNone_AndTheLookupSaysWhy()
    {
        Assert.Null(AvroCodecs.For<Unsupported>());
        Assert.NotNull(AvroCodecs.For<Inner>());
        Assert.Null(Pulse.Schemas.Internal.Codecs.AvroCodecs.For<Everything>()); // Pulse.Schemas knows only its own records
    }

    [Fact]
    public void BytesNestedDeeperThanTheStack_ThrowInsteadOfCrashing()
    {
        var leaf = Encode(new Everything
        {
            name = "", payload = [], inner = new Inner { label = "", values = [] }, ints = [], maybe_doubles = [], inners = [],
            nested = new Dictionary<string, IList<string>>(), grid = [],
        });
        var level = leaf[..^1].Append((byte)2).ToArray(); // the same fields, then next: branch 1, another Everything
        var nested = new byte[level.Length * 200_000 + leaf.Length];
        for (var i = 0; i < 200_000; i++)
            level.CopyTo(nested, i * level.Length);
        leaf.CopyTo(nested, level.Length * 200_000);

        Assert.Throws<InsufficientExecutionStackException>(() => Decode(nested));
    }

    private static byte[] Encode<T>(T value) where T : ISpecificRecord
    {
        var writer = new AvroWriter(new byte[16]);
        AvroCodecs.For<T>()!.Encode(value, ref writer);
        return writer.ToArray();
    }

    private static Everything Decode(byte[] bytes)
    {
        var reader = new AvroReader(bytes);
        var value = EverythingCodec.Read(ref reader);
        Assert.Equal(0, reader.Remaining);
        return value;
    }
}
