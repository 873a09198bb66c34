using Avro.Specific;
using Pulse.Schemas.Tests.TestSupport;
using pulse.vitals;
using static Pulse.Schemas.Tests.TestSupport.AvroBytes;

namespace Pulse.Schemas.Tests.Codecs;

/// <summary>
/// For every record of avro/, random values encode with the generated codec to exactly the bytes of
/// Apache.Avro's <see cref="SpecificDatumWriter{T}"/>, and those bytes decode with the codec to what
/// Apache.Avro's reader decodes.
/// </summary>
public class CodecBytesTests
{
    public static TheoryData<string> Records => PerRecordType.Names;

    [Theory]
    [MemberData(nameof(Records))]
    public void RandomRecords_EncodeToApacheAvrosBytes_AndDecodeBack(string record) =>
        PerRecordType.Run(typeof(CodecBytesTests), nameof(EncodesAndDecodesLikeApacheAvro), record);

    [Theory]
    [MemberData(nameof(Records))]
    public void StringsWithLoneSurrogates_EncodeToApacheAvrosBytes(string record) =>
        PerRecordType.Run(typeof(CodecBytesTests), nameof(EncodesLikeApacheAvroWithLoneSurrogates), record);

    [Fact]
    public void SampleRecords_EncodeToApacheAvrosBytes()
    {
        Same(SampleRecords.Reading());
        Same(SampleRecords.SparseReading());
        Same(SampleRecords.Enriched());
        Same(SampleRecords.Stats());
        Same(SampleRecords.Alert());
        Same(SampleRecords.Position());
        Same(SampleRecords.Order());
    }

    [Fact]
    public void RecordWithEmptyStringsAndAnEmptyMap_EncodesToApacheAvrosBytes()
    {
        var alert = SampleRecords.Alert();
        alert.alert_id = "";
        alert.message = "";
        alert.trigger_values = new Dictionary<string, double>();
        alert.news2_score = null;

        Same(alert);
    }

    [Fact]
    public void MapThatIsNotADictionary_EncodesToApacheAvrosBytes()
    {
        var alert = SampleRecords.Alert();
        alert.trigger_values = new SortedList<string, double> { ["b"] = 2, ["a"] = double.NaN };

        Same(alert);
    }

    private static void EncodesAndDecodesLikeApacheAvro<T>() where T : class, ISpecificRecord, new()
    {
        var random = new RandomRecords(seed: typeof(T).Name.Length);
        for (var i = 0; i < 400; i++)
        {
            var value = random.Next<T>();
            var bytes = Same(value);
            SampleRecords.AssertSame(value, Decode<T>(bytes));
            SampleRecords.AssertSame(ApacheRead<T>(bytes), Decode<T>(bytes));
        }
    }

    private static void EncodesLikeApacheAvroWithLoneSurrogates<T>() where T : class, ISpecificRecord, new()
    {
        var random = new RandomRecords(seed: 7, loneSurrogates: true);
        for (var i = 0; i < 200; i++)
        {
            var bytes = Same(random.Next<T>());
            SampleRecords.AssertSame(ApacheRead<T>(bytes), Decode<T>(bytes)); // U+FFFD where the surrogate was, on both paths
        }
    }

    /// <summary>Asserts that the codec writes Apache.Avro's bytes for <paramref name="value"/>; returns them.</summary>
    private static byte[] Same<T>(T value) where T : class, ISpecificRecord
    {
        var expected = ApacheWrite(value);
        var actual = Encode(value);
        Assert.True(expected.AsSpan().SequenceEqual(actual),
            $"{typeof(T).Name}: the codec wrote {Convert.ToHexString(actual)}, Apache.Avro {Convert.ToHexString(expected)}.");
        return actual;
    }
}
