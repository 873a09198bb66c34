using Avro.IO;
using Avro.Specific;
using Confluent.Kafka;
using Pulse.Streams.Serdes;

namespace Pulse.TopologyTests.TestSupport;

/// <summary>
/// Plain Avro binary (no registry framing) with the generated classes: the interim test serde
/// until the registry-backed Avro serdes of Pulse.Schemas are merged.
/// </summary>
internal sealed class AvroBinarySerde<T> : ISerializer<T>, IDeserializer<T> where T : ISpecificRecord, new()
{
    private static readonly Avro.Schema Schema = new T().Schema;
    private readonly SpecificDatumWriter<T> _writer = new(Schema);
    private readonly SpecificDatumReader<T> _reader = new(Schema, Schema);

    public static Serde<T> Create()
    {
        var serde = new AvroBinarySerde<T>();
        return new Serde<T>(serde, serde);
    }

    public byte[] Serialize(T data, SerializationContext context)
    {
        using var stream = new MemoryStream();
        _writer.Write(data, new BinaryEncoder(stream));
        return stream.ToArray();
    }

    public T Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
    {
        using var stream = new MemoryStream(data.ToArray());
        return _reader.Read(default!, new BinaryDecoder(stream));
    }
}
