using System.Net;
using Confluent.SchemaRegistry;
using Pulse.Schemas;
using Pulse.Schemas.Registry;
using Pulse.Schemas.Tests.TestSupport;
using pulse.vitals;

namespace Pulse.Schemas.Tests;

/// <summary>Bytes that are not a readable record throw <see cref="AvroPayloadException"/>, with a message fit for a dead letter.</summary>
public class MalformedPayloadTests
{
    private static readonly InProcessSchemaRegistry Registry = InProcessSchemaRegistry.Seeded();
    private static readonly Confluent.Kafka.SerializationContext Raw = Wire.Value("vitals.raw");

    private static byte[] Valid() => AvroSerdes.Serializer<VitalReading>(Registry).Serialize(SampleRecords.Reading(), Raw);

    private static AvroPayloadException Reading(byte[] bytes) =>
        Assert.Throws<AvroPayloadException>(() => AvroSerdes.Deserializer<VitalReading>(Registry).Deserialize(bytes, false, Raw));

    [Fact]
    public void WrongMagicByte_IsNamed()
    {
        var bytes = Valid();
        bytes[0] = 0x7b; // '{': someone produced JSON

        var error = Reading(bytes);

        Assert.Equal(
            $"Cannot deserialize pulse.vitals.VitalReading from the value of a record on topic 'vitals.raw' ({bytes.Length} bytes): " +
            "the first byte is 0x7b, not Confluent's magic byte 0.", error.Message);
        Assert.Null(error.SchemaId);
    }

    [Fact]
    public void UnknownSchemaId_IsNamed()
    {
        byte[] bytes = [0, 0, 0, 0x03, 0xe7, 2, (byte)'p']; // schema id 999

        var error = Reading(bytes);

        Assert.Equal(999, error.SchemaId);
        Assert.Contains("schema id 999", error.Message, StringComparison.Ordinal);
        Assert.Contains("Schema id 999 not found", error.Message, StringComparison.Ordinal);
        Assert.IsType<SchemaRegistryException>(error.InnerException);
    }

    [Fact]
    public void TruncatedBody_IsNamed()
    {
        var bytes = Valid()[..12];

        var error = Reading(bytes);

        Assert.Equal(InProcessSchemaRegistry.SeededIds["pulse.vitals.VitalReading"], error.SchemaId);
        Assert.Contains("(12 bytes, schema id 1): the Avro body does not match its schema", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void FewerBytesThanTheHeader_AreNamed(int length)
    {
        var error = Reading(new byte[length]);

        Assert.Contains($"{length} bytes is shorter than Confluent's 5-byte header", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BytesLeftOverAfterTheRecord_AreNamed()
    {
        byte[] bytes = [.. Valid(), 42, 42];

        var error = Reading(bytes);

        Assert.Contains("2 bytes left over after the record", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RecordOfAnotherType_IsNamed()
    {
        var position = AvroSerdes.Serializer<VehiclePosition>(Registry).Serialize(SampleRecords.Position(), Wire.Value("vehicles.positions"));

        var error = Reading(position);

        Assert.Contains("cannot be read as pulse.vitals.VitalReading", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NullBytes_AreANullRecord_NotAnError()
    {
        Assert.Null(AvroSerdes.Deserializer<VitalReading>(Registry).Deserialize([], isNull: true, Raw));
    }

    [Fact]
    public void UnreachableRegistry_IsNotTheRecordsFault()
    {
        var down = FailingRegistry.Throwing(new HttpRequestException("Connection refused (registry:8081)"));
        var unavailable = FailingRegistry.Throwing(new SchemaRegistryException("Service unavailable", HttpStatusCode.ServiceUnavailable, 50301));

        Assert.Throws<HttpRequestException>(() => AvroSerdes.Deserializer<VitalReading>(down).Deserialize(Valid(), false, Raw));
        Assert.Throws<SchemaRegistryException>(() => AvroSerdes.Deserializer<VitalReading>(unavailable).Deserialize(Valid(), false, Raw));
    }
}
