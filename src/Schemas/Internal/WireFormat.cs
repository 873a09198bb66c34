using System.Buffers.Binary;

namespace Pulse.Schemas.Internal;

/// <summary>
/// Confluent's wire format: magic byte 0, the writer schema's registry id as a 4-byte big-endian
/// integer, then the Avro binary encoding of the value.
/// </summary>
internal static class WireFormat
{
    public const byte MagicByte = 0;
    public const int HeaderSize = 5;

    public static void WriteHeader(Stream stream, int schemaId)
    {
        Span<byte> header = stackalloc byte[HeaderSize];
        header[0] = MagicByte;
        BinaryPrimitives.WriteInt32BigEndian(header[1..], schemaId);
        stream.Write(header);
    }

    public static void WriteHeader(ref AvroWriter writer, int schemaId)
    {
        var header = writer.GetSpan(HeaderSize);
        header[0] = MagicByte;
        BinaryPrimitives.WriteInt32BigEndian(header[1..], schemaId);
        writer.Advance(HeaderSize);
    }

    public static int ReadSchemaId(ReadOnlySpan<byte> data) => BinaryPrimitives.ReadInt32BigEndian(data[1..HeaderSize]);
}
