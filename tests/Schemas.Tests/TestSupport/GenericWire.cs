using Avro.Generic;
using Avro.IO;
using Confluent.SchemaRegistry;

namespace Pulse.Schemas.Tests.TestSupport;

/// <summary>
/// Confluent's wire format for Avro <see cref="GenericRecord"/>s, written here from the format's
/// definition (not with Pulse.Schemas), to stand for a producer or consumer on another schema.
/// </summary>
public static class GenericWire
{
    public static byte[] Write(GenericRecord record, int schemaId)
    {
        using var stream = new MemoryStream();
        stream.WriteByte(0);
        stream.Write([(byte)(schemaId >> 24), (byte)(schemaId >> 16), (byte)(schemaId >> 8), (byte)schemaId]);
        new GenericDatumWriter<GenericRecord>(record.Schema).Write(record, new BinaryEncoder(stream));
        return stream.ToArray();
    }

    /// <summary>Reads <paramref name="bytes"/> as <paramref name="readerSchema"/>, the writer schema fetched by its id.</summary>
    public static async Task<GenericRecord> Read(byte[] bytes, ISchemaRegistryClient registry, Avro.Schema readerSchema)
    {
        Assert.Equal(0, bytes[0]);
        var writer = Avro.Schema.Parse((await registry.GetSchemaAsync(Wire.SchemaId(bytes))).SchemaString);
        using var stream = new MemoryStream(bytes, 5, bytes.Length - 5);
        return new GenericDatumReader<GenericRecord>(writer, readerSchema).Read(null!, new BinaryDecoder(stream));
    }
}
