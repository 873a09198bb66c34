using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Confluent.Kafka;

namespace Pulse.Streams.Serialization;

/// <summary>UTF-8 JSON with System.Text.Json, reflection-based or source-generated.</summary>
/// <typeparam name="T">The type carried.</typeparam>
public sealed class JsonSerde<T> : ISerializer<T>, IDeserializer<T>
{
    private readonly JsonTypeInfo<T> _typeInfo;

    /// <summary>Uses <paramref name="options"/> (web defaults when null).</summary>
    public JsonSerde(JsonSerializerOptions? options = null)
    {
        var o = options ?? new JsonSerializerOptions(JsonSerializerDefaults.Web);
        o.TypeInfoResolver ??= new DefaultJsonTypeInfoResolver();
        o.MakeReadOnly();
        _typeInfo = (JsonTypeInfo<T>)o.GetTypeInfo(typeof(T));
    }

    /// <summary>Uses source-generated metadata: the fastest path, and trimming-safe.</summary>
    public JsonSerde(JsonTypeInfo<T> typeInfo) => _typeInfo = typeInfo ?? throw new ArgumentNullException(nameof(typeInfo));

    /// <inheritdoc />
    public byte[] Serialize(T data, SerializationContext context) => JsonSerializer.SerializeToUtf8Bytes(data, _typeInfo);

    /// <inheritdoc />
    public T Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context) =>
        isNull ? default! : JsonSerializer.Deserialize(data, _typeInfo)!;
}
