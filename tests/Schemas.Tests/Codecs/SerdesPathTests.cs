using System.Runtime.Serialization;
using Avro.Generic;
using Avro.Specific;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using Pulse.Schemas.Internal;
using Pulse.Schemas.Registry;
using Pulse.Schemas.Tests.TestSupport;
using pulse.vitals;

namespace Pulse.Schemas.Tests.Codecs;

/// <summary>
/// The serdes take the generated codec for a generated record and its own schema, and Apache.Avro's
/// path for any other writer schema; both paths give the same bytes and the same records.
/// </summary>
public class SerdesPathTests
{
    private readonly InProcessSchemaRegistry registry = InProcessSchemaRegistry.Seeded();

    [Fact]
    public void RecordsWrittenWithTheirOwnSchema_AreReadByTheCodec()
    {
        var deserializer = new WireFormatDeserializer<VitalReading>(registry);
        var bytes = AvroSerdesOf<VitalReading>().Serialize(SampleRecords.Reading(), Wire.Value("vitals.raw"));

        SampleRecords.AssertSame(SampleRecords.Reading(), deserializer.Deserialize(bytes, false, Wire.Value("vitals.raw")));
        Assert.True(deserializer.ReadsWithCodec(Wire.SchemaId(bytes)));
    }

    [Fact]
    public async Task NewerWriterSchema_IsResolvedByApacheAvro()
    {
        var newId = await registry.RegisterSchemaAsync("vitals.raw-value", new Schema(VitalReadingV2.Text, SchemaType.Avro));
        var record = new GenericRecord(VitalReadingV2.Schema);
        foreach (var field in VitalReadingV2.Schema.Fields)
            record.Add(field.Name, null);
        record.Add("patient_id", "patient-9");
        record.Add("timestamp", SampleRecords.At);
        record.Add("heart_rate", 71);
        record.Add("ward", "icu");
        var deserializer = new WireFormatDeserializer<VitalReading>(registry);

        var read = deserializer.Deserialize(GenericWire.Write(record, newId), false, Wire.Value("vitals.raw"));

        Assert.False(deserializer.ReadsWithCodec(newId));
        SampleRecords.AssertSame(new VitalReading { patient_id = "patient-9", timestamp = SampleRecords.At, heart_rate = 71 }, read);
    }

    [Fact]
    public async Task WriterSchemaWithTheFieldsInAnotherOrder_IsResolvedByName()
    {
        var fields = ((Avro.RecordSchema)VitalReading._SCHEMA).Fields;
        var reordered = "{\"type\":\"record\",\"name\":\"VitalReading\",\"namespace\":\"pulse.vitals\",\"fields\":[" +
            string.Join(",", fields.AsEnumerable().Reverse().Select(f => $"{{\"name\":\"{f.Name}\",\"type\":{f.Schema}}}")) + "]}";
        var id = await registry.RegisterSchemaAsync("reordered-value", reordered);
        var record = new GenericRecord((Avro.RecordSchema)Avro.Schema.Parse(reordered));
        var reading = SampleRecords.Reading();
        foreach (var field in fields)
            record.Add(field.Name, reading.Get(field.Pos) is Consciousness c
                ? new GenericEnum((Avro.EnumSchema)((Avro.UnionSchema)field.Schema).Schemas[1], c.ToString())
                : reading.Get(field.Pos));
        var deserializer = new WireFormatDeserializer<VitalReading>(registry);

        var read = deserializer.Deserialize(GenericWire.Write(record, id), false, Wire.Value("reordered"));

        Assert.False(deserializer.ReadsWithCodec(id));
        SampleRecords.AssertSame(reading, read);
    }

    public static TheoryData<string> Records => PerRecordType.Names;

    [Theory]
    [MemberData(nameof(Records))]
    public void BothPaths_WriteTheSameFramedBytes_AndReadTheSameRecords(string record)
        => PerRecordType.Run(this, nameof(BothPaths), record);

    private void BothPaths<T>() where T : class, ISpecificRecord, new()
    {
        var context = Wire.Value("paths." + typeof(T).Name);
        var codec = AvroSerdesOf<T>();
        var apache = new WireFormatSerializer<T>(registry, new AvroSerializerConfig(), codec: null);
        var codecReader = new WireFormatDeserializer<T>(registry);
        var apacheReader = new WireFormatDeserializer<T>(registry, codec: null);
        var random = new RandomRecords(seed: 11);
        for (var i = 0; i < 100; i++)
        {
            var value = random.Next<T>();
            var bytes = codec.Serialize(value, context);
            Assert.Equal(apache.Serialize(value, context), bytes);
            SampleRecords.AssertSame(apacheReader.Deserialize(bytes, false, context), codecReader.Deserialize(bytes, false, context));
        }
        Assert.True(codecReader.ReadsWithCodec(InProcessSchemaRegistry.SeededIds[new T().Schema.Fullname]));
    }

    [Fact]
    public void NullWhereTheSchemaHasNone_NamesTheField_AndFailsOnBothPaths()
    {
        var reading = SampleRecords.Reading();
        reading.patient_id = null;
        var context = Wire.Value("vitals.raw");

        var error = Assert.Throws<SerializationException>(() => AvroSerdesOf<VitalReading>().Serialize(reading, context));
        Assert.Throws<SerializationException>(() => new WireFormatSerializer<VitalReading>(registry, new AvroSerializerConfig(), codec: null).Serialize(reading, context));

        Assert.Contains("pulse.vitals.VitalReading.patient_id is null, but its schema type (string) does not allow null", error.Message, StringComparison.Ordinal);
        Assert.Contains("topic 'vitals.raw'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EnumValueWithoutASymbol_FailsOnBothPaths()
    {
        var enriched = SampleRecords.Enriched();
        enriched.status = (VitalStatus)9;
        var context = Wire.Value("vitals.enriched");

        var error = Assert.Throws<SerializationException>(() => AvroSerdesOf<EnrichedReading>().Serialize(enriched, context));
        Assert.Throws<SerializationException>(() => new WireFormatSerializer<EnrichedReading>(registry, new AvroSerializerConfig(), codec: null).Serialize(enriched, context));

        Assert.Contains("9 is not a symbol of enum pulse.vitals.VitalStatus", error.Message, StringComparison.Ordinal);
    }

    private WireFormatSerializer<T> AvroSerdesOf<T>() where T : ISpecificRecord => new(registry, new AvroSerializerConfig());
}
