using Avro.Generic;
using Confluent.SchemaRegistry;
using Pulse.Schemas;
using Pulse.Schemas.Registry;
using Pulse.Schemas.Tests.TestSupport;
using pulse.vitals;

namespace Pulse.Schemas.Tests;

/// <summary>
/// VitalReading gains two fields with defaults (<see cref="VitalReadingV2"/>): registered under the
/// same subject, it is read by the generated class and by new readers, in both directions.
/// </summary>
public class SchemaEvolutionTests
{
    private const string Topic = "vitals.raw";
    private static readonly Confluent.Kafka.SerializationContext Raw = Wire.Value(Topic);

    private readonly InProcessSchemaRegistry registry = InProcessSchemaRegistry.Seeded();
    private readonly byte[] oldBytes;
    private readonly int newId;

    public SchemaEvolutionTests()
    {
        oldBytes = AvroSerdes.Serializer<VitalReading>(registry).Serialize(SampleRecords.Reading(), Raw); // registers v1 under vitals.raw-value
        newId = registry.RegisterSchemaAsync(Topic + "-value", new Schema(VitalReadingV2.Text, SchemaType.Avro)).GetAwaiter().GetResult();
    }

    private static GenericRecord NewReading()
    {
        var record = new GenericRecord(VitalReadingV2.Schema);
        var old = SampleRecords.Reading();
        foreach (var field in VitalReadingV2.Schema.Fields.Where(f => f.Pos < ((Avro.RecordSchema)old.Schema).Fields.Count))
            record.Add(field.Name, old.Get(field.Pos) switch
            {
                DateTime at => at,
                Consciousness c => new GenericEnum((Avro.EnumSchema)((Avro.UnionSchema)field.Schema).Schemas[1], c.ToString()),
                var value => value,
            });
        record.Add("pain_score", 6);
        record.Add("ward", "cardiology");
        return record;
    }

    [Fact]
    public async Task NewSchema_IsACompatibleSecondVersion_WithTheNextFreeId()
    {
        Assert.Equal(SchemaCatalog.Records.Count() + 1, newId);
        var latest = await registry.GetLatestSchemaAsync(Topic + "-value");
        Assert.Equal((2, newId), (latest.Version, latest.Id));
        Assert.Equal(InProcessSchemaRegistry.SeededIds["pulse.vitals.VitalReading"], Wire.SchemaId(oldBytes));
    }

    [Fact]
    public async Task OldWriterToNewReader_FillsTheDefaults()
    {
        var read = await GenericWire.Read(oldBytes, registry, VitalReadingV2.Schema);

        Assert.Null(read["pain_score"]);
        Assert.Equal("unassigned", read["ward"]);
        Assert.Equal("patient-7", read["patient_id"]);
        Assert.Equal(112, read["heart_rate"]);
    }

    [Fact]
    public void NewWriterToOldReader_IgnoresTheNewFields()
    {
        var newBytes = GenericWire.Write(NewReading(), newId);

        var read = AvroSerdes.Deserializer<VitalReading>(registry).Deserialize(newBytes, false, Raw);

        SampleRecords.AssertSame(SampleRecords.Reading(), read);
    }

    [Fact]
    public async Task NewWriterToNewReader_KeepsTheNewFields()
    {
        var read = await GenericWire.Read(GenericWire.Write(NewReading(), newId), registry, VitalReadingV2.Schema);

        Assert.Equal(6, read["pain_score"]);
        Assert.Equal("cardiology", read["ward"]);
    }

    [Fact]
    public void GeneratedClass_AfterTheNewVersion_StillSerializesWithItsOwnId()
    {
        var fresh = AvroSerdes.Serializer<VitalReading>(registry).Serialize(SampleRecords.Reading(), Raw);

        Assert.Equal(Wire.SchemaId(oldBytes), Wire.SchemaId(fresh));
    }
}
