using System.Reflection;
using Avro.Specific;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using Pulse.Schemas;
using Pulse.Schemas.Registry;
using Pulse.Schemas.Tests.TestSupport;

namespace Pulse.Schemas.Tests;

/// <summary>AvroSerdes and Confluent's own Avro serdes write the same bytes and read each other's.</summary>
public class ConfluentInteropTests
{
    [Theory]
    [MemberData(nameof(SampleRecords.FullNames), MemberType = typeof(SampleRecords))]
    public async Task AvroSerdesAndConfluentsSerdes_WriteTheSameBytes_AndReadEachOthers(string fullName)
    {
        var record = SampleRecords.ByFullName(fullName);
        var check = typeof(ConfluentInteropTests).GetMethod(nameof(Check), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(record.GetType());
        await (Task)check.Invoke(null, [record])!;
    }

    private static async Task Check<T>(T record) where T : class, ISpecificRecord
    {
        using var registry = InProcessSchemaRegistry.Seeded();
        var context = Wire.Value("interop.topic");
        var confluentSerializer = new AvroSerializer<T>(registry, new AvroSerializerConfig { SubjectNameStrategy = SubjectNameStrategy.Topic });
        var confluentDeserializer = new AvroDeserializer<T>(registry);

        var ours = AvroSerdes.Serializer<T>(registry).Serialize(record, context);
        var theirs = await confluentSerializer.SerializeAsync(record, context);

        Assert.Equal(theirs, ours);
        SampleRecords.AssertSame(record, await confluentDeserializer.DeserializeAsync(ours, false, context));
        SampleRecords.AssertSame(record, AvroSerdes.Deserializer<T>(registry).Deserialize(theirs, false, context));
    }

    [Fact]
    public async Task KeyAndValue_RegisterUnderTheirOwnSubjects()
    {
        using var registry = InProcessSchemaRegistry.Seeded();
        var serializer = AvroSerdes.Serializer<pulse.vitals.VehiclePosition>(registry);

        serializer.Serialize(SampleRecords.Position(), new SerializationContext(MessageComponentType.Key, "vehicles"));
        serializer.Serialize(SampleRecords.Position(), new SerializationContext(MessageComponentType.Value, "vehicles"));

        var subjects = await registry.GetAllSubjectsAsync();
        Assert.Contains("vehicles-key", subjects);
        Assert.Contains("vehicles-value", subjects);
    }

    [Fact]
    public void UnregisteredSubject_WithoutAutoRegistration_FailsWithTheRegistrysError()
    {
        using var registry = InProcessSchemaRegistry.Seeded();
        var serializer = AvroSerdes.Serializer<pulse.vitals.VitalReading>(registry, new AvroSerializerConfig { AutoRegisterSchemas = false });

        var error = Assert.Throws<SchemaRegistryException>(() => serializer.Serialize(SampleRecords.Reading(), Wire.Value("vitals.raw")));
        Assert.Equal(40401, error.ErrorCode);
    }

    [Fact]
    public void RecordNameStrategy_UsesTheSeededSubjects()
    {
        using var registry = InProcessSchemaRegistry.Seeded();
        var serializer = AvroSerdes.Serializer<pulse.vitals.VitalReading>(registry,
            new AvroSerializerConfig { AutoRegisterSchemas = false, SubjectNameStrategy = SubjectNameStrategy.Record });

        var bytes = serializer.Serialize(SampleRecords.Reading(), Wire.Value("vitals.raw"));

        Assert.Equal(InProcessSchemaRegistry.SeededIds["pulse.vitals.VitalReading"], Wire.SchemaId(bytes));
    }

    [Fact]
    public void SchemaIdsInHeaders_AreRefusedUpFront()
    {
        using var registry = InProcessSchemaRegistry.Seeded();
        var error = Assert.Throws<NotSupportedException>(() =>
            AvroSerdes.Serializer<pulse.vitals.VitalReading>(registry, new AvroSerializerConfig { SchemaIdStrategy = SchemaIdSerializerStrategy.Header }));
        Assert.Contains("Prefix", error.Message, StringComparison.Ordinal);
    }
}
