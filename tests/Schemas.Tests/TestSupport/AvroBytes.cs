using Avro.IO;
using Avro.Specific;
using Pulse.Schemas.Internal;
using Pulse.Schemas.Internal.Codecs;

namespace Pulse.Schemas.Tests.TestSupport;

/// <summary>A record's Avro body (no wire-format header) written and read by the generated codecs and by Apache.Avro.</summary>
internal static class AvroBytes
{
    /// <summary>The generated codec's body bytes for <paramref name="value"/>.</summary>
    public static byte[] Encode<T>(T value)
    {
        var writer = new AvroWriter(new byte[16]); // small, so that records grow it
        AvroCodecs.For<T>()!.Encode(value, ref writer);
        return writer.ToArray();
    }

    /// <summary>Decodes body bytes with the generated codec, asserting that every byte is read.</summary>
    public static T Decode<T>(byte[] bytes)
    {
        var reader = new AvroReader(bytes);
        var value = AvroCodecs.For<T>()!.Decode(ref reader);
        Assert.Equal(0, reader.Remaining);
        return value;
    }

    /// <summary>Apache.Avro's body bytes for <paramref name="value"/> (<see cref="SpecificDatumWriter{T}"/>).</summary>
    public static byte[] ApacheWrite<T>(T value) where T : ISpecificRecord
    {
        using var stream = new MemoryStream();
        new SpecificDatumWriter<T>(value.Schema).Write(value, new BinaryEncoder(stream));
        return stream.ToArray();
    }

    /// <summary>Decodes body bytes with Apache.Avro's <see cref="SpecificDatumReader{T}"/>.</summary>
    public static T ApacheRead<T>(byte[] bytes) where T : ISpecificRecord, new()
    {
        var schema = new T().Schema;
        using var stream = new MemoryStream(bytes);
        return new SpecificDatumReader<T>(schema, schema).Read(default!, new BinaryDecoder(stream));
    }
}
