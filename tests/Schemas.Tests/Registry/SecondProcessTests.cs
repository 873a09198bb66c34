using Pulse.Schemas;
using Pulse.Schemas.Registry;
using Pulse.Schemas.Tests.TestSupport;
using pulse.vitals;

namespace Pulse.Schemas.Tests.Registry;

/// <summary>Two OS processes, each with its own seeded registry, agree on ids and read each other's records.</summary>
public class SecondProcessTests
{
    [Fact]
    public async Task RecordWrittenInAnotherProcess_ReadsHere_AndBothNumberTheSchemasAlike()
    {
        using var registry = InProcessSchemaRegistry.Seeded();
        await registry.RegisterSchemaAsync("here-only-value", new Confluent.SchemaRegistry.Schema(VitalReadingV2.Text, Confluent.SchemaRegistry.SchemaType.Avro));

        var lines = await SecondProcess.Run("vitals.raw");

        var bytes = Convert.FromBase64String(lines[0]);
        var read = AvroSerdes.Deserializer<VitalReading>(registry).Deserialize(bytes, false, Wire.Value("vitals.raw"));
        SampleRecords.AssertSame(SampleRecords.Reading(), read);
        var theirs = lines[1..].Select(line => line.Split('=')).ToDictionary(p => p[0], p => int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(InProcessSchemaRegistry.SeededIds.OrderBy(p => p.Key, StringComparer.Ordinal), theirs.OrderBy(p => p.Key, StringComparer.Ordinal));
    }
}
