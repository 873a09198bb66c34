using Confluent.Kafka;
using Pulse.Streams.Serdes;

namespace Pulse.Streams.Tests.TestSupport;

/// <summary>Serdes that throw, to drive the error handlers.</summary>
internal static class FailingSerde
{
    /// <summary>A string serde whose serializer throws for values equal to <paramref name="poison"/>.</summary>
    public static Serde<string> StringFailingOn(string poison) =>
        new(new PoisonSerializer(poison), Deserializers.Utf8);

    private sealed class PoisonSerializer(string poison) : ISerializer<string>
    {
        public byte[] Serialize(string data, SerializationContext context) =>
            data == poison ? throw new InvalidOperationException($"cannot serialize '{data}'") : Serializers.Utf8.Serialize(data, context);
    }
}
