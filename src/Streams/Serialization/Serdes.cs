using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Confluent.Kafka;

namespace Pulse.Streams.Serialization;

/// <summary>Built-in serdes, byte-compatible with Kafka's (big-endian numbers, UTF-8 strings).</summary>
public static class Serdes
{
    /// <summary>UTF-8 strings.</summary>
    public static Serde<string> String { get; } = new(Serializers.Utf8, Deserializers.Utf8);

    /// <summary>32-bit big-endian integers.</summary>
    public static Serde<int> Int32 { get; } = new(Serializers.Int32, Deserializers.Int32);

    /// <summary>64-bit big-endian integers.</summary>
    public static Serde<long> Int64 { get; } = new(Serializers.Int64, Deserializers.Int64);

    /// <summary>IEEE 754 doubles, big-endian.</summary>
    public static Serde<double> Double { get; } = new(Serializers.Double, Deserializers.Double);

    /// <summary>Raw bytes, passed through.</summary>
    public static Serde<byte[]> ByteArray { get; } = new(Serializers.ByteArray, Deserializers.ByteArray);

    /// <summary>JSON with System.Text.Json (web defaults when <paramref name="options"/> is null).</summary>
    public static Serde<T> Json<T>(JsonSerializerOptions? options = null)
    {
        var serde = new JsonSerde<T>(options);
        return new Serde<T>(serde, serde);
    }

    /// <summary>JSON with source-generated System.Text.Json metadata.</summary>
    public static Serde<T> Json<T>(JsonTypeInfo<T> typeInfo)
    {
        var serde = new JsonSerde<T>(typeInfo);
        return new Serde<T>(serde, serde);
    }

    /// <summary>Wraps any Confluent serializer and deserializer, such as the Avro ones.</summary>
    public static Serde<T> From<T>(ISerializer<T> serializer, IDeserializer<T> deserializer) => new(serializer, deserializer);
}
