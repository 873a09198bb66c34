using Avro.Generic;
using Confluent.SchemaRegistry;
using Pulse.Schemas.Registry;
using Pulse.Schemas.Tests.TestSupport;
using pulse.vitals;

namespace Pulse.Schemas.Tests;

/// <summary>
/// VehiclePosition's <c>status</c> beside the first version's <c>available</c> flag: a fully compatible evolution (the registry's
/// own check, both directions), first-version records read with a null status, and new records read by first-version readers.
/// </summary>
public class VehicleStatusEvolutionTests
{
    private const string Subject = "vehicles.positions-value";

    /// <summary>The schema as the first version published it.</summary>
    private const string FirstVersion = """
        {"type": "record", "name": "VehiclePosition", "namespace": "pulse.vitals",
         "doc": "An emergency vehicle's position, as published on vehicles.positions (key: vehicle id).",
         "fields": [
           {"name": "vehicle_id", "type": "string"},
           {"name": "timestamp", "type": {"type": "long", "logicalType": "timestamp-millis"}},
           {"name": "latitude", "type": "double"},
           {"name": "longitude", "type": "double"},
           {"name": "available", "type": "boolean", "default": true, "doc": "Free to take an order."}
         ]}
        """;

    private static readonly Avro.RecordSchema First = (Avro.RecordSchema)Avro.Schema.Parse(FirstVersion);

    [Theory]
    [InlineData(Compatibility.Backward)]
    [InlineData(Compatibility.Forward)]
    [InlineData(Compatibility.Full)]
    [InlineData(Compatibility.FullTransitive)]
    public async Task NewSchema_AfterTheFirstVersion_IsCompatible(Compatibility compatibility)
    {
        var registry = new InProcessSchemaRegistry();
        await registry.UpdateCompatibilityAsync(compatibility, Subject);
        await registry.RegisterSchemaAsync(Subject, new Schema(FirstVersion, SchemaType.Avro));

        Assert.True(await registry.IsCompatibleAsync(Subject, new Schema(VehiclePosition._SCHEMA.ToString(), SchemaType.Avro)));
        var second = await registry.RegisterSchemaAsync(Subject, new Schema(VehiclePosition._SCHEMA.ToString(), SchemaType.Avro));
        Assert.Equal(2, (await registry.GetLatestSchemaAsync(Subject)).Version);
        Assert.True(second > 0);
    }

    [Fact]
    public async Task FirstVersionRecord_ReadByTheNewClass_HasNoStatusAndKeepsItsFlag()
    {
        var registry = InProcessSchemaRegistry.Seeded();
        var id = await registry.RegisterSchemaAsync(Subject, new Schema(FirstVersion, SchemaType.Avro));
        var old = new GenericRecord(First);
        old.Add("vehicle_id", "V-07");
        old.Add("timestamp", new DateTime(2026, 12, 6, 8, 0, 0, DateTimeKind.Utc));
        old.Add("latitude", 51.5);
        old.Add("longitude", -0.12);
        old.Add("available", false);

        var read = AvroSerdes.Deserializer<VehiclePosition>(registry).Deserialize(GenericWire.Write(old, id), false, Wire.Value("vehicles.positions"));

        Assert.Equal(("V-07", 51.5, false), (read.vehicle_id, read.latitude, read.available));
        Assert.Null(read.status);
    }

    [Fact]
    public async Task NewRecord_ReadByAFirstVersionReader_SeesTheFlag()
    {
        var registry = InProcessSchemaRegistry.Seeded();
        var bytes = AvroSerdes.Serializer<VehiclePosition>(registry).Serialize(new VehiclePosition
        {
            vehicle_id = "V-07", timestamp = new DateTime(2026, 12, 6, 8, 0, 0, DateTimeKind.Utc), latitude = 51.5, longitude = -0.12,
            status = VehicleStatus.ON_SCENE, available = false,
        }, Wire.Value("vehicles.positions"));

        var read = await GenericWire.Read(bytes, registry, First);

        Assert.Equal(false, read["available"]);
        Assert.False(read.TryGetValue("status", out _));
    }
}
