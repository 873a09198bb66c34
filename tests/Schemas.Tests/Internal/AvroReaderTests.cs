using Pulse.Schemas;
using Pulse.Schemas.Internal;
using Pulse.Schemas.Registry;
using Pulse.Schemas.Tests.TestSupport;
using pulse.vitals;

namespace Pulse.Schemas.Tests.Internal;

/// <summary>Bytes that are not Avro throw <see cref="InvalidDataException"/> naming the byte; the deserializer makes that an <see cref="AvroPayloadException"/>.</summary>
public class AvroReaderTests
{
    private delegate object? Read(ref AvroReader reader);

    private static string Error(byte[] bytes, Read read)
    {
        var error = Record.Exception(() => { var reader = new AvroReader(bytes); read(ref reader); });
        return Assert.IsType<InvalidDataException>(error).Message;
    }

    [Fact]
    public void EveryTruncationOfARecord_Throws()
    {
        var enriched = AvroBytes.Encode(SampleRecords.Enriched());
        var alert = AvroBytes.Encode(SampleRecords.Alert());

        for (var length = 0; length < enriched.Length; length++)
            Assert.Contains("the body ends after", Error(enriched[..length], (ref AvroReader r) => Pulse.Schemas.Internal.Codecs.EnrichedReadingCodec.Read(ref r)), StringComparison.Ordinal);
        // A cut map may end inside an entry, or leave fewer bytes than its block counts entries.
        for (var length = 0; length < alert.Length; length++)
            Assert.Matches("the body ends after|counts [0-9]+ items but only", Error(alert[..length], (ref AvroReader r) => Pulse.Schemas.Internal.Codecs.AlertCodec.Read(ref r)));
    }

    [Fact]
    public void EachMalformedValue_IsNamedWithItsByte()
    {
        Assert.Equal("byte 0 is 0x02, not a boolean (0 or 1)", Error([2], (ref AvroReader r) => r.ReadBoolean()));
        Assert.Equal("the union branch at byte 1 is 2, but the schema has 2 (0..1)", Error([0, 4], (ref AvroReader r) => r.ReadLong() + r.ReadUnionIndex(2)));
        Assert.Equal("the enum symbol at byte 0 is -1, but the schema has 5 (0..4)", Error([1], (ref AvroReader r) => r.ReadEnum(5)));
        Assert.Equal("the varint at byte 0 runs past 10 bytes", Error([.. Enumerable.Repeat((byte)0xff, 10), 1], (ref AvroReader r) => r.ReadLong()));
        Assert.Equal("the int at byte 0 is 2147483648, outside the 32-bit range", Error([0x80, 0x80, 0x80, 0x80, 0x10], (ref AvroReader r) => r.ReadInt()));
        Assert.Equal("the string at byte 0 has a negative length, -1", Error([1], (ref AvroReader r) => r.ReadString()));
        Assert.Equal("the body ends after 4 bytes, inside a string of 10 bytes that starts at byte 0", Error([20, 97, 98, 99], (ref AvroReader r) => r.ReadString()));
        Assert.Equal("the body ends after 3 bytes, inside a double that starts at byte 0", Error([0, 0, 0], (ref AvroReader r) => r.ReadDouble()));
        Assert.Equal("the body ends after 1 bytes, inside a varint that starts at byte 0", Error([0x80], (ref AvroReader r) => r.ReadLong()));
        Assert.Equal("the block at byte 0 counts 1000 items but only 1 bytes follow", Error([0xd0, 0x0f, 0], (ref AvroReader r) => r.ReadItemCount()));
    }

    [Fact]
    public void MapInBlocksWithNegativeCountsAndSizes_ReadsWhole()
    {
        var alert = SampleRecords.Alert();
        alert.trigger_values = new Dictionary<string, double> { ["news2"] = 9, ["heart_rate"] = 112, ["spo2"] = 93 };
        (alert.sequence, alert.findings, alert.vitals, alert.acknowledged_by, alert.acknowledged_at, alert.reminders) = (0, [], new Dictionary<string, double>(), null, null, 0);
        var writer = new AvroWriter(new byte[64]);
        writer.WriteString(alert.alert_id);
        writer.WriteString(alert.patient_id);
        writer.WriteEnum((int)alert.rule, 5, "");
        writer.WriteEnum((int)alert.severity, 2, "");
        writer.WriteEnum((int)alert.state, 6, "");
        writer.WriteLong(AvroLogicalTypes.ToTimestampMillis(alert.timestamp));
        writer.WriteLong(AvroLogicalTypes.ToTimestampMillis(alert.episode_start));
        writer.WriteUnionIndex(1);
        writer.WriteInt(alert.news2_score!.Value);
        writer.WriteUnionIndex(1);
        writer.WriteString(alert.vital);
        writer.WriteLong(-2); // a block of two entries, 27 bytes: what Java's blocking encoder writes
        writer.WriteLong(2 + 8 + 11 + 8);
        writer.WriteString("news2");
        writer.WriteDouble(9);
        writer.WriteString("heart_rate");
        writer.WriteDouble(112);
        writer.WriteLong(1);
        writer.WriteString("spo2");
        writer.WriteDouble(93);
        writer.WriteItemsEnd();
        writer.WriteString(alert.message);
        foreach (var present in new object?[] { alert.device_id, alert.latitude, alert.longitude })
        {
            writer.WriteUnionIndex(1);
            if (present is string s) writer.WriteString(s); else writer.WriteDouble((double)present!);
        }
        writer.WriteEnum((int)alert.kind, 2, "");
        writer.WriteInt(alert.sequence);
        writer.WriteItemsEnd(); // no findings
        writer.WriteItemsEnd(); // no vitals
        writer.WriteUnionIndex(0);
        writer.WriteUnionIndex(0);
        writer.WriteInt(alert.reminders);

        SampleRecords.AssertSame(alert, AvroBytes.Decode<Alert>(writer.ToArray()));
        SampleRecords.AssertSame(alert, AvroBytes.ApacheRead<Alert>(writer.ToArray()));
    }

    [Fact]
    public void Deserializer_NamesAMalformedBody()
    {
        using var registry = InProcessSchemaRegistry.Seeded();
        var context = Wire.Value("vitals.enriched");
        var bytes = AvroSerdes.Serializer<EnrichedReading>(registry).Serialize(SampleRecords.Enriched(), context);
        var union = bytes.Length - 9; // heart_rate_trend: the union's branch, then 8 bytes of double
        bytes[union] = 4; // branch 2, which [null, double] lacks

        var error = Assert.Throws<AvroPayloadException>(() => AvroSerdes.Deserializer<EnrichedReading>(registry).Deserialize(bytes, false, context));

        Assert.Equal(
            $"Cannot deserialize pulse.vitals.EnrichedReading from the value of a record on topic 'vitals.enriched' ({bytes.Length} bytes, schema id 2): " +
            $"the Avro body does not match its schema (InvalidDataException: the union branch at byte {union - 5} is 2, but the schema has 2 (0..1)).", error.Message);
    }

    [Fact]
    public void TimestampOutsideDateTimesRange_IsTheRecordsFault()
    {
        using var registry = InProcessSchemaRegistry.Seeded();
        var context = Wire.Value("vehicles.positions");
        var writer = new AvroWriter(new byte[32]);
        Pulse.Schemas.Internal.WireFormat.WriteHeader(ref writer, InProcessSchemaRegistry.SeededIds["pulse.vitals.VehiclePosition"]);
        writer.WriteString("ambulance-1");
        writer.WriteLong(long.MaxValue);
        writer.WriteDouble(51.5);
        writer.WriteDouble(-0.1);
        writer.WriteBoolean(true);
        var bytes = writer.ToArray();

        var error = Assert.Throws<AvroPayloadException>(() => AvroSerdes.Deserializer<VehiclePosition>(registry).Deserialize(bytes, false, context));

        Assert.IsType<ArgumentOutOfRangeException>(error.InnerException);
    }
}
