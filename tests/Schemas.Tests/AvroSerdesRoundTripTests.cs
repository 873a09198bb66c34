using Avro.Specific;
using Pulse.Schemas;
using Pulse.Schemas.Registry;
using Pulse.Schemas.Tests.TestSupport;
using pulse.vitals;

namespace Pulse.Schemas.Tests;

public class AvroSerdesRoundTripTests
{
    [Theory]
    [MemberData(nameof(SampleRecords.FullNames), MemberType = typeof(SampleRecords))]
    public void EveryRecordType_RoundTripsInWireFormat_WithItsSeededId(string fullName)
    {
        var record = SampleRecords.ByFullName(fullName);
        var roundTrip = typeof(AvroSerdesRoundTripTests).GetMethod(nameof(RoundTrip), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(record.GetType());
        var (bytes, back) = ((byte[], ISpecificRecord))roundTrip.Invoke(null, [record])!;

        Assert.Equal(0, bytes[0]);
        Assert.Equal(InProcessSchemaRegistry.SeededIds[fullName], Wire.SchemaId(bytes));
        SampleRecords.AssertSame(record, back);
    }

    private static (byte[], ISpecificRecord) RoundTrip<T>(T record) where T : ISpecificRecord
    {
        using var registry = InProcessSchemaRegistry.Seeded();
        var context = Wire.Value("some.topic");
        var bytes = AvroSerdes.Serializer<T>(registry).Serialize(record, context);
        return (bytes, AvroSerdes.Deserializer<T>(registry).Deserialize(bytes, false, context));
    }

    [Fact]
    public void MissingVitals_StayNullThroughARoundTrip()
    {
        using var registry = InProcessSchemaRegistry.Seeded();
        var context = Wire.Value("vitals.raw");
        var bytes = AvroSerdes.Serializer<VitalReading>(registry).Serialize(SampleRecords.SparseReading(), context);

        var back = AvroSerdes.Deserializer<VitalReading>(registry).Deserialize(bytes, false, context);

        SampleRecords.AssertSame(SampleRecords.SparseReading(), back);
        Assert.Null(back.spo2);
        Assert.Null(back.consciousness);
    }

    [Fact]
    public void SeededIds_FollowTheFileOrderOfTheRecords()
    {
        Assert.Equal(
            SchemaCatalog.Records.Select((r, i) => (r.Fullname, i + 1)),
            InProcessSchemaRegistry.SeededIds.Select(p => (p.Key, p.Value)));
        Assert.Equal(1, InProcessSchemaRegistry.SeededIds["pulse.vitals.VitalReading"]);
    }

    [Fact]
    public void RecordAvroCannotWrite_IsASerializationError_NamingTypeAndTopic()
    {
        using var registry = InProcessSchemaRegistry.Seeded();
        var reading = SampleRecords.Reading();
        reading.patient_id = null;

        var error = Assert.Throws<System.Runtime.Serialization.SerializationException>(() =>
            AvroSerdes.Serializer<VitalReading>(registry).Serialize(reading, Wire.Value("vitals.raw")));

        Assert.StartsWith("Cannot serialize pulse.vitals.VitalReading for the value of a record on topic 'vitals.raw': ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NullRecord_SerializesToNull_ATombstone()
    {
        using var registry = InProcessSchemaRegistry.Seeded();

        Assert.Null(AvroSerdes.Serializer<VitalReading>(registry).Serialize(null!, Wire.Value("vitals.raw")));
    }

    [Fact]
    public async Task OneSerializerAndDeserializer_ServeManyThreadsAtOnce()
    {
        using var registry = InProcessSchemaRegistry.Seeded();
        var serializer = AvroSerdes.Serializer<VitalReading>(registry);
        var deserializer = AvroSerdes.Deserializer<VitalReading>(registry);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(thread => Task.Run(() =>
        {
            for (var i = 0; i < 2000; i++)
            {
                var context = Wire.Value($"topic-{i % 3}");
                var reading = SampleRecords.Reading($"patient-{thread}-{i}");
                var back = deserializer.Deserialize(serializer.Serialize(reading, context), false, context);
                Assert.Equal(reading.patient_id, back.patient_id);
            }
        })));

        Assert.Equal(["pulse.vitals.VitalReading", "topic-0-value", "topic-1-value", "topic-2-value"],
            (await registry.GetAllSubjectsAsync()).Where(s => s.StartsWith("topic", StringComparison.Ordinal) || s.EndsWith("VitalReading", StringComparison.Ordinal)));
    }
}
