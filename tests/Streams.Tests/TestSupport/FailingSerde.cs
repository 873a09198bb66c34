using Confluent.Kafka;
using Pulse.Streams.Serialization;

namespace Pulse.Streams.Tests.TestSupport;

/// <summary>Serdes that throw, to drive the error handlers.</summary>
internal static class FailingSerde
{
    /// <summary>A string serde whose serializer throws for values equal to <paramref name="poison"/>.</summary>
    public static Serde<string> StringFailingOn(string poison) =>
        new(new PoisonSerializer(poison), Deserializers.Utf8);

    /// <summary>A string serde whose deserializer throws for values equal to <paramref name="poison"/>.</summary>
    public static Serde<string> StringFailingToDeserialize(string poison) =>
        new(Serializers.Utf8, new PoisonDeserializer(poison));

    private sealed class PoisonDeserializer(string poison) : IDeserializer<string>
    {
        public string Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
        {
            var text = Deserializers.Utf8.Deserialize(data, isNull, context);
            return text == poison ? throw new FormatException($"cannot deserialize '{text}'") : text;
        }
    }

    private sealed class PoisonSerializer(string poison) : ISerializer<string>
    {
        public byte[] Serialize(string data, SerializationContext context) =>
            data == poison ? throw new InvalidOperationException($"cannot serialize '{data}'") : Serializers.Utf8.Serialize(data, context);
    }
}
