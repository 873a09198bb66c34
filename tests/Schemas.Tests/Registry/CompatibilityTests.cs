using Confluent.SchemaRegistry;
using Pulse.Schemas;
using Pulse.Schemas.Registry;
using Pulse.Schemas.Tests.TestSupport;

namespace Pulse.Schemas.Tests.Registry;

/// <summary>
/// Compatibility of a new VitalReading against the one registered under <c>vitals.raw-value</c>.
/// BACKWARD (the default): consumers on the new schema read old data.
/// </summary>
public class CompatibilityTests
{
    private const string Subject = "vitals.raw-value";
    private const string HeartRate = """{"name": "heart_rate", "type": ["null", "int"], "default": null}""";
    private const string PatientId = """{"name": "patient_id", "type": "string"},""";

    private static readonly string ChangedType = VitalReadingV2.With(HeartRate, """{"name": "heart_rate", "type": ["null", "string"], "default": null}""");
    private static readonly string RequiredWithoutDefault = VitalReadingV2.With(HeartRate, HeartRate + """, {"name": "bed", "type": "string"}""");
    private static readonly string RemovedRequired = VitalReadingV2.With(PatientId, "");

    private readonly InProcessSchemaRegistry registry = InProcessSchemaRegistry.Seeded();

    public CompatibilityTests() =>
        registry.RegisterSchemaAsync(Subject, new Schema(SchemaCatalog.Get("pulse.vitals.VitalReading").ToString(), SchemaType.Avro)).GetAwaiter().GetResult();

    private Task<bool> Compatible(string text) => registry.IsCompatibleAsync(Subject, new Schema(text, SchemaType.Avro));

    [Fact]
    public async Task NewOptionalFieldsWithDefaults_AreCompatible()
    {
        Assert.True(await Compatible(VitalReadingV2.Text));
        await registry.UpdateCompatibilityAsync(Compatibility.Full, Subject);
        Assert.True(await Compatible(VitalReadingV2.Text));
    }

    [Fact]
    public async Task ChangedFieldType_IsIncompatible_AndItsRegistrationIsRefused()
    {
        Assert.False(await Compatible(ChangedType));

        var error = await Assert.ThrowsAsync<SchemaRegistryException>(() => registry.RegisterSchemaAsync(Subject, new Schema(ChangedType, SchemaType.Avro)));

        Assert.Equal((System.Net.HttpStatusCode.Conflict, 409), (error.Status, error.ErrorCode));
        Assert.StartsWith("Schema being registered is incompatible with version 1 of subject 'vitals.raw-value' under compatibility Backward", error.Message, StringComparison.Ordinal);
        Assert.Equal([1], await registry.GetSubjectVersionsAsync(Subject));
    }

    [Fact]
    public async Task NewRequiredFieldWithoutDefault_IsBackwardIncompatible()
    {
        Assert.False(await Compatible(RequiredWithoutDefault));
    }

    [Fact]
    public async Task RemovedRequiredField_IsForwardIncompatible_ThoughNewReadersCanSkipIt()
    {
        Assert.True(await Compatible(RemovedRequired)); // BACKWARD: the new reader skips patient_id in old data

        await registry.UpdateCompatibilityAsync(Compatibility.Forward, Subject);
        Assert.False(await Compatible(RemovedRequired)); // old readers need patient_id, which has no default

        await registry.UpdateCompatibilityAsync(Compatibility.Full, Subject);
        Assert.False(await Compatible(RemovedRequired));
        Assert.Equal(Compatibility.Full, await registry.GetCompatibilityAsync(Subject));
        Assert.Equal(Compatibility.Backward, await registry.GetCompatibilityAsync());
    }

    [Fact]
    public async Task TransitiveLevels_CheckEveryVersion_TheOthersOnlyTheLatest()
    {
        await registry.UpdateCompatibilityAsync(Compatibility.None, Subject);
        await registry.RegisterSchemaAsync(Subject, new Schema(RemovedRequired, SchemaType.Avro)); // v2: no patient_id

        var restored = VitalReadingV2.With(PatientId, """{"name": "patient_id", "type": "string", "default": "unknown"},""");
        await registry.UpdateCompatibilityAsync(Compatibility.Forward, Subject);
        Assert.True(await Compatible(restored)); // v2 readers skip the field

        var withoutDefault = VitalReadingV2.Text; // patient_id required again
        await registry.UpdateCompatibilityAsync(Compatibility.Backward, Subject);
        Assert.False(await Compatible(withoutDefault)); // cannot read v2 data, which lacks patient_id
        await registry.UpdateCompatibilityAsync(Compatibility.BackwardTransitive, Subject);
        Assert.False(await Compatible(withoutDefault));
        Assert.True(await Compatible(restored));
    }

    [Fact]
    public async Task PromotedType_IsBackwardButNotForwardCompatible()
    {
        var widened = VitalReadingV2.With(HeartRate, """{"name": "heart_rate", "type": ["null", "long"], "default": null}""");

        Assert.True(await Compatible(widened)); // a long reader reads the int written before

        await registry.UpdateCompatibilityAsync(Compatibility.Forward, Subject);
        Assert.False(await Compatible(widened)); // an int reader cannot read a long
    }

    [Fact]
    public async Task None_AcceptsAnything()
    {
        await registry.UpdateCompatibilityAsync(Compatibility.None, Subject);

        Assert.True(await Compatible(ChangedType));
        Assert.Equal(SchemaCatalog.Records.Count() + 1, await registry.RegisterSchemaAsync(Subject, new Schema(ChangedType, SchemaType.Avro)));
    }
}
