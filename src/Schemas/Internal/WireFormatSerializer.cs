using System.Collections.Concurrent;
using System.Runtime.Serialization;
using Avro.IO;
using Avro.Specific;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using Pulse.Schemas.Internal.Codecs;

namespace Pulse.Schemas.Internal;

/// <summary>
/// Writes <typeparamref name="T"/> in Confluent's wire format, byte for byte what Confluent's
/// <see cref="AvroSerializer{T}"/> writes, synchronously. The schema id is resolved against the
/// registry once per topic and component (registered, looked up or the subject's latest, as the
/// config says) and cached; after that a record costs Avro's encoding and the returned array.
/// A generated record is encoded by its generated codec (<see cref="AvroCodecs"/>: typed, no boxing,
/// the same bytes); any other type by Apache.Avro's <see cref="SpecificDatumWriter{T}"/>.
/// Thread-safe: the encoding buffer is per thread.
/// </summary>
internal sealed class WireFormatSerializer<T> : ISerializer<T> where T : ISpecificRecord
{
    private const int MaxKeptBuffer = 1 << 20; // a thread keeps its buffer unless a record outgrew this

    [ThreadStatic] private static (MemoryStream Stream, BinaryEncoder Encoder)? perThread;
    [ThreadStatic] private static byte[]? codecBuffer;

    private readonly ISchemaRegistryClient registry;
    private readonly SpecificDatumWriter<T> writer;
    private readonly AvroCodec<T>? codec;
    private readonly Schema schemaToRegister;
    private readonly string recordName;
    private readonly AsyncSubjectNameStrategyDelegate subjectName;
    private readonly bool autoRegister, normalize, useLatest;
    private readonly int? fixedId;
    private readonly int initialBuffer;
    private readonly ConcurrentDictionary<(string Topic, MessageComponentType Component), int> ids = new();
    private volatile LastTarget? last; // the id of the topic written last: most serializers write one topic

    public WireFormatSerializer(ISchemaRegistryClient registry, AvroSerializerConfig config)
        : this(registry, config, AvroCodecs.For<T>())
    {
    }

    /// <summary>With <paramref name="codec"/> null, every record takes Apache.Avro's path (tests and benchmarks compare the two).</summary>
    public WireFormatSerializer(ISchemaRegistryClient registry, AvroSerializerConfig config, AvroCodec<T>? codec)
    {
        if (config.SchemaIdStrategy is SchemaIdSerializerStrategy.Header)
            throw new NotSupportedException($"{AvroSerializerConfig.PropertyNames.SchemaIdStrategy} Header is not supported: Pulse writes the schema id in the payload (Prefix).");
        if (config.UseLatestWithMetadata is { Count: > 0 })
            throw new NotSupportedException($"{AvroSerializerConfig.PropertyNames.UseLatestWithMetadata} is not supported.");

        this.registry = registry;
        this.codec = codec;
        var schema = Activator.CreateInstance<T>().Schema;
        writer = new SpecificDatumWriter<T>(schema);
        schemaToRegister = new Schema(schema.ToString(), [], SchemaType.Avro);
        recordName = ((Avro.NamedSchema)schema).Fullname;
        subjectName = (config.SubjectNameStrategy ?? SubjectNameStrategy.Topic).ToAsyncDelegate(registry, config);
        autoRegister = config.AutoRegisterSchemas ?? true;
        normalize = config.NormalizeSchemas ?? false;
        useLatest = config.UseLatestVersion ?? false;
        fixedId = config.UseSchemaId is { } id and >= 0 ? id : null;
        initialBuffer = config.BufferBytes ?? AvroSerializer<T>.DefaultInitialBufferSize;
    }

    public byte[] Serialize(T data, SerializationContext context)
    {
        if (data is null)
            return null!; // a tombstone, as Confluent's serializers return
        var target = last;
        var schemaId = target is not null && target.Topic == context.Topic && target.Component == context.Component
            ? target.SchemaId
            : IdFor(context);

        try
        {
            return codec is null ? WithApacheAvro(data, schemaId) : WithCodec(codec, data, schemaId);
        }
        catch (Exception e) when (e is not OutOfMemoryException) // the writer only sees the record: any failure is its
        {
            throw new SerializationException($"Cannot serialize {recordName} for the {context.Component.ToString().ToLowerInvariant()} of a record on topic '{context.Topic}': {e.Message}", e);
        }
    }

    private byte[] WithCodec(AvroCodec<T> codec, T data, int schemaId)
    {
        var buffer = new AvroWriter(codecBuffer ?? new byte[initialBuffer]);
        WireFormat.WriteHeader(ref buffer, schemaId);
        codec.Encode(data, ref buffer);
        codecBuffer = buffer.Buffer.Length <= MaxKeptBuffer ? buffer.Buffer : null;
        return buffer.ToArray();
    }

    private byte[] WithApacheAvro(T data, int schemaId)
    {
        var (stream, encoder) = perThread ??= NewBuffer();
        stream.SetLength(0);
        try
        {
            WireFormat.WriteHeader(stream, schemaId);
            writer.Write(data, encoder);
            return stream.ToArray();
        }
        finally
        {
            if (stream.Capacity > MaxKeptBuffer)
                perThread = null;
        }
    }

    private (MemoryStream, BinaryEncoder) NewBuffer()
    {
        var stream = new MemoryStream(initialBuffer);
        return (stream, new BinaryEncoder(stream));
    }

    private int IdFor(SerializationContext context)
    {
        var id = ids.TryGetValue((context.Topic, context.Component), out var known) ? known : Resolve(context);
        last = new LastTarget(context.Topic, context.Component, id);
        return id;
    }

    private sealed record LastTarget(string Topic, MessageComponentType Component, int SchemaId);

    /// <summary>The first record for a topic and component: ask the registry, blocking, once.</summary>
    private int Resolve(SerializationContext context)
    {
        var subject = subjectName(context, recordName).GetAwaiter().GetResult();
        var id = fixedId
            ?? (useLatest ? registry.GetLatestSchemaAsync(subject).GetAwaiter().GetResult().Id
            : autoRegister ? registry.RegisterSchemaAsync(subject, schemaToRegister, normalize).GetAwaiter().GetResult()
            : registry.GetSchemaIdAsync(subject, schemaToRegister, normalize).GetAwaiter().GetResult());
        ids[(context.Topic, context.Component)] = id;
        return id;
    }
}
