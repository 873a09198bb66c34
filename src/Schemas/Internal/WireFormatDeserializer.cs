using System.Buffers.Binary;
using System.Net;
using Confluent.Kafka;
using Confluent.SchemaRegistry;

namespace Pulse.Schemas.Internal;

/// <summary>
/// Confluent's Avro deserializer, called synchronously, with the header checked first and every
/// failure the record is to blame for turned into an <see cref="AvroPayloadException"/> that names
/// the type, topic, size and schema id. Registry failures that a retry may cure (unreachable, 5xx,
/// timeouts) pass through unchanged, so a registry outage does not dead-letter good records.
/// </summary>
internal sealed class WireFormatDeserializer<T>(IDeserializer<T> inner) : IDeserializer<T>
{
    private const int HeaderSize = 5; // magic byte 0 + 4-byte big-endian schema id

    public T Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
    {
        if (isNull)
            return inner.Deserialize(data, isNull, context);
        if (data.Length < HeaderSize)
            throw Failure(context, data.Length, null, $"{data.Length} bytes is shorter than Confluent's 5-byte header (magic byte 0, schema id)", null);
        if (data[0] != 0)
            throw Failure(context, data.Length, null, $"the first byte is 0x{data[0]:x2}, not Confluent's magic byte 0", null);

        var schemaId = BinaryPrimitives.ReadInt32BigEndian(data[1..]);
        try
        {
            return inner.Deserialize(data, isNull, context);
        }
        catch (SchemaRegistryException e) when (e.Status == HttpStatusCode.NotFound)
        {
            throw Failure(context, data.Length, schemaId, e.Message, e);
        }
        catch (Exception e) when (e is not HttpRequestException and not OperationCanceledException and not TimeoutException)
        {
            throw Failure(context, data.Length, schemaId, $"{e.GetType().Name}: {e.Message}", e);
        }
    }

    private static AvroPayloadException Failure(SerializationContext context, int length, int? schemaId, string reason, Exception? inner) =>
        new($"Cannot deserialize {typeof(T).FullName} from the {context.Component.ToString().ToLowerInvariant()} " +
            $"of a record on topic '{context.Topic}' ({length} bytes{(schemaId is { } id ? $", schema id {id}" : "")}): {reason}.",
            schemaId, inner);
}
