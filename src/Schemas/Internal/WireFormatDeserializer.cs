using System.Collections.Concurrent;
using System.Net;
using Avro.Generic;
using Avro.IO;
using Avro.Specific;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Pulse.Schemas.Internal.Codecs;
using AvroSchema = Avro.Schema;

namespace Pulse.Schemas.Internal;

/// <summary>
/// Reads <typeparamref name="T"/> from Confluent's wire format, what Confluent's
/// <c>AvroDeserializer</c> reads, synchronously: one Avro reader per writer schema id, built on first
/// sight from the registry's schema and resolving it to <typeparamref name="T"/>'s. Every failure the
/// record is to blame for is an <see cref="AvroPayloadException"/> naming the type, topic, size and
/// schema id; registry failures a retry may cure (unreachable, 5xx, timeouts) pass through unchanged,
/// so a registry outage does not dead-letter good records. A record written with <typeparamref name="T"/>'s
/// own schema (the id's schema renders exactly as <typeparamref name="T"/>'s) is read by its generated
/// codec, straight from the span; any other writer schema by Apache.Avro's resolving reader.
/// Thread-safe: the read buffer is per thread.
/// </summary>
internal sealed class WireFormatDeserializer<T> : IDeserializer<T> where T : ISpecificRecord
{
    [ThreadStatic] private static (MemoryStream Stream, BinaryDecoder Decoder)? perThread;

    private readonly ISchemaRegistryClient registry;
    private readonly AvroSchema readerSchema = Activator.CreateInstance<T>().Schema;
    private readonly AvroCodec<T>? codec;
    private readonly ConcurrentDictionary<int, DatumReader<T>?> readers = new(); // null: the codec reads it

    public WireFormatDeserializer(ISchemaRegistryClient registry)
        : this(registry, AvroCodecs.For<T>())
    {
    }

    /// <summary>With <paramref name="codec"/> null, every record takes Apache.Avro's path (tests and benchmarks compare the two).</summary>
    public WireFormatDeserializer(ISchemaRegistryClient registry, AvroCodec<T>? codec)
    {
        this.registry = registry;
        this.codec = codec;
    }

    /// <summary>Whether records of <paramref name="schemaId"/>, once seen, are read by the generated codec.</summary>
    public bool ReadsWithCodec(int schemaId) => readers.TryGetValue(schemaId, out var reader) && reader is null;

    public T Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
    {
        if (isNull)
            return default!;
        if (data.Length < WireFormat.HeaderSize)
            throw Failure(context, data.Length, null, $"{data.Length} bytes is shorter than Confluent's 5-byte header (magic byte 0, schema id)");
        if (data[0] != WireFormat.MagicByte)
            throw Failure(context, data.Length, null, $"the first byte is 0x{data[0]:x2}, not Confluent's magic byte 0");

        var schemaId = WireFormat.ReadSchemaId(data);
        var reader = readers.TryGetValue(schemaId, out var known) ? known : ReaderFor(schemaId, context, data.Length);
        return reader is null ? WithCodec(codec!, data, schemaId, context) : WithApacheAvro(reader, data, schemaId, context);
    }

    private T WithCodec(AvroCodec<T> codec, ReadOnlySpan<byte> data, int schemaId, SerializationContext context)
    {
        var body = new AvroReader(data[WireFormat.HeaderSize..]);
        T value;
        try
        {
            value = codec.Decode(ref body);
        }
        catch (Exception e) when (e is not OutOfMemoryException) // the codec only sees the record's bytes: any failure is theirs
        {
            throw Failure(context, data.Length, schemaId, $"the Avro body does not match its schema ({e.GetType().Name}: {e.Message})", e);
        }
        if (body.Remaining != 0)
            throw Failure(context, data.Length, schemaId, $"{body.Remaining} bytes left over after the record");
        return value;
    }

    private T WithApacheAvro(DatumReader<T> reader, ReadOnlySpan<byte> data, int schemaId, SerializationContext context)
    {
        var (stream, decoder) = perThread ??= NewBuffer();
        stream.SetLength(0);
        stream.Write(data[WireFormat.HeaderSize..]);
        stream.Position = 0;
        T value;
        try
        {
            value = reader.Read(Activator.CreateInstance<T>(), decoder);
        }
        catch (Exception e) when (e is not OutOfMemoryException) // the reader only sees the record's bytes: any failure is theirs
        {
            throw Failure(context, data.Length, schemaId, $"the Avro body does not match its schema ({e.GetType().Name}: {e.Message})", e);
        }
        finally
        {
            if (stream.Capacity > 1 << 20)
                perThread = null;
        }
        if (stream.Position != stream.Length)
            throw Failure(context, data.Length, schemaId, $"{stream.Length - stream.Position} bytes left over after the record");
        return value;
    }

    private static (MemoryStream, BinaryDecoder) NewBuffer()
    {
        var stream = new MemoryStream(1024);
        return (stream, new BinaryDecoder(stream));
    }

    /// <summary>
    /// A writer schema seen for the first time: fetch it, blocking, and build its reader once, or
    /// remember that it is <typeparamref name="T"/>'s own, for the codec (null).
    /// </summary>
    private DatumReader<T>? ReaderFor(int schemaId, SerializationContext context, int length)
    {
        Schema writer;
        try
        {
            writer = registry.GetSchemaAsync(schemaId).GetAwaiter().GetResult();
        }
        catch (SchemaRegistryException e) when (e.Status == HttpStatusCode.NotFound)
        {
            throw Failure(context, length, schemaId, e.Message, e);
        }
        if (writer.SchemaType != SchemaType.Avro || writer.References is { Count: > 0 })
            throw Failure(context, length, schemaId, $"its writer schema is {(writer.SchemaType != SchemaType.Avro ? $"a {writer.SchemaType} schema, not Avro" : "an Avro schema with references, which Pulse does not resolve")}");
        try
        {
            var writerSchema = AvroSchema.Parse(writer.SchemaString);
            return readers.GetOrAdd(schemaId, codec is not null && writerSchema.ToString() == readerSchema.ToString()
                ? null
                : new SpecificDatumReader<T>(writerSchema, readerSchema));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw Failure(context, length, schemaId, $"its writer schema cannot be read as {readerSchema.Fullname} ({e.Message})", e);
        }
    }

    private AvroPayloadException Failure(SerializationContext context, int length, int? schemaId, string reason, Exception? inner = null) =>
        new($"Cannot deserialize {readerSchema.Fullname} from the {context.Component.ToString().ToLowerInvariant()} " +
            $"of a record on topic '{context.Topic}' ({length} bytes{(schemaId is { } id ? $", schema id {id}" : "")}): {reason}.",
            schemaId, inner);
}
