using Pulse.Schemas;
using Pulse.Schemas.Registry;
using Pulse.Schemas.Tests.TestSupport;
using pulse.vitals;

namespace Pulse.Schemas.Tests;

/// <summary>
/// Whatever bytes follow a valid header, the deserializer returns a record or throws
/// <see cref="AvroPayloadException"/>, never another exception, so the topology can dead-letter them.
/// </summary>
public class CorruptPayloadTests
{
    [Theory]
    [InlineData(nameof(VitalReading))]
    [InlineData(nameof(EnrichedReading))]
    [InlineData(nameof(Alert))]
    [InlineData(nameof(VitalStats))]
    [InlineData(nameof(VehiclePosition))]
    [InlineData(nameof(DispatchOrder))]
    public void CorruptedBodies_ReadOrThrowAvroPayloadException(string type)
    {
        using var registry = InProcessSchemaRegistry.Seeded();
        var context = Wire.Value("corrupt");
        var (valid, read) = type switch
        {
            nameof(VitalReading) => Serdes(registry, SampleRecords.Reading()),
            nameof(EnrichedReading) => Serdes(registry, SampleRecords.Enriched()),
            nameof(Alert) => Serdes(registry, SampleRecords.Alert()),
            nameof(VitalStats) => Serdes(registry, SampleRecords.Stats()),
            nameof(VehiclePosition) => Serdes(registry, SampleRecords.Position()),
            _ => Serdes(registry, SampleRecords.Order()),
        };
        var random = new Random(5);
        var outcomes = new Dictionary<string, int>();

        for (var i = 0; i < 3000; i++)
        {
            var bytes = (byte[])valid.Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
                bytes[random.Next(5, bytes.Length)] = (byte)random.Next(256);
            if (i % 3 == 0)
                bytes = bytes[..random.Next(5, bytes.Length)];
            try
            {
                read(bytes, context);
                outcomes["read"] = outcomes.GetValueOrDefault("read") + 1;
            }
            catch (AvroPayloadException e)
            {
                var kind = e.InnerException?.GetType().Name ?? "header";
                outcomes[kind] = outcomes.GetValueOrDefault(kind) + 1;
            }
        }

        Assert.True(outcomes.Count > 1, string.Join(", ", outcomes));
    }

    private static (byte[], Action<byte[], Confluent.Kafka.SerializationContext>) Serdes<T>(InProcessSchemaRegistry registry, T record)
        where T : Avro.Specific.ISpecificRecord
    {
        var deserializer = AvroSerdes.Deserializer<T>(registry);
        return (AvroSerdes.Serializer<T>(registry).Serialize(record, Wire.Value("corrupt")),
            (bytes, context) => deserializer.Deserialize(bytes, false, context));
    }
}
