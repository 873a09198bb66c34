using Confluent.SchemaRegistry;
using Pulse.Schemas;
using Pulse.Schemas.Registry;
using Pulse.Schemas.Tests.TestSupport;

namespace Pulse.Schemas.Tests.Registry;

public class InProcessSchemaRegistryTests
{
    private static Schema Avro(string text) => new(text, SchemaType.Avro);

    private static Schema Seeded(string fullName) => Avro(SchemaCatalog.Get(fullName).ToString());

    [Fact]
    public async Task TwoSeededRegistries_GiveEveryRecordTheSameId_WhateverIsRegisteredFirst()
    {
        using var first = InProcessSchemaRegistry.Seeded();
        using var second = InProcessSchemaRegistry.Seeded();
        await first.RegisterSchemaAsync("other-value", Avro(VitalReadingV2.Text));

        foreach (var record in SchemaCatalog.Records.Reverse())
        {
            var id = InProcessSchemaRegistry.SeededIds[record.Fullname];
            Assert.Equal(id, await first.RegisterSchemaAsync($"{record.Name}-a-value", Seeded(record.Fullname)));
            Assert.Equal(id, await second.RegisterSchemaAsync($"{record.Name}-b-value", Seeded(record.Fullname)));
            Assert.Equal((await first.GetSchemaAsync(id)).SchemaString, (await second.GetSchemaAsync(id)).SchemaString);
        }
    }

    [Fact]
    public async Task SeededRecords_AreVersion1OfASubjectNamedByTheirFullName()
    {
        using var registry = InProcessSchemaRegistry.Seeded();

        var latest = await registry.GetLatestSchemaAsync("pulse.vitals.EnrichedReading");

        Assert.Equal((1, InProcessSchemaRegistry.SeededIds["pulse.vitals.EnrichedReading"]), (latest.Version, latest.Id));
        Assert.Equal(SchemaCatalog.Records.Select(r => r.Fullname).Order(StringComparer.Ordinal), await registry.GetAllSubjectsAsync());
    }

    [Fact]
    public async Task UnknownSchema_GetsTheNextFreeId_AndItsOwnIdAgainHoweverItIsSpelled()
    {
        using var registry = InProcessSchemaRegistry.Seeded();
        var next = SchemaCatalog.Records.Count() + 1;

        Assert.Equal(next, await registry.RegisterSchemaAsync("a-value", Avro(VitalReadingV2.Text)));
        Assert.Equal(next, await registry.RegisterSchemaAsync("b-value", Avro(VitalReadingV2.Schema.ToString())));
        Assert.Equal(next + 1, await registry.RegisterSchemaAsync("c-value", Avro("""{"type": "record", "name": "Other", "fields": []}""")));
    }

    [Fact]
    public async Task UnknownId_IsANotFoundErrorNamingIt()
    {
        using var registry = InProcessSchemaRegistry.Seeded();

        var error = await Assert.ThrowsAsync<SchemaRegistryException>(() => registry.GetSchemaAsync(4242));

        Assert.Equal((System.Net.HttpStatusCode.NotFound, 40403), (error.Status, error.ErrorCode));
        Assert.StartsWith("Schema id 4242 not found in the in-process schema registry, which holds ids 1..8", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<SchemaRegistryException>(() => registry.GetSchemaAsync(0));
        await Assert.ThrowsAsync<SchemaRegistryException>(() => registry.GetSchemaBySubjectAndIdAsync("vitals.raw-value", -1));
    }

    [Fact]
    public async Task SubjectsAndVersions_AreLookedUpLikeConfluentsRegistry()
    {
        using var registry = InProcessSchemaRegistry.Seeded();
        var v1 = await registry.RegisterSchemaAsync("vitals.raw-value", Seeded("pulse.vitals.VitalReading"));
        var v2 = await registry.RegisterSchemaWithResponseAsync("vitals.raw-value", Avro(VitalReadingV2.Text));

        Assert.Equal((2, "vitals.raw-value"), (v2.Version, v2.Subject));
        Assert.Equal([1, 2], await registry.GetSubjectVersionsAsync("vitals.raw-value"));
        Assert.Equal(v1, (await registry.GetRegisteredSchemaAsync("vitals.raw-value", 1)).Id);
        Assert.Equal(v2.Id, (await registry.GetRegisteredSchemaAsync("vitals.raw-value", -1)).Id);
        Assert.Equal(v2.SchemaString, await registry.GetSchemaAsync("vitals.raw-value", 2));
        Assert.Equal(v1, await registry.GetSchemaIdAsync("vitals.raw-value", Seeded("pulse.vitals.VitalReading")));
        Assert.Equal(2, (await registry.LookupSchemaAsync("vitals.raw-value", Avro(VitalReadingV2.Text), ignoreDeletedSchemas: true)).Version);
        Assert.Equal(v2.Guid, (await registry.GetSchemaByGuidAsync(v2.Guid)).SchemaString == v2.SchemaString ? v2.Guid : null);

        Assert.Equal(40401, (await Assert.ThrowsAsync<SchemaRegistryException>(() => registry.GetLatestSchemaAsync("nobody-value"))).ErrorCode);
        Assert.Equal(40402, (await Assert.ThrowsAsync<SchemaRegistryException>(() => registry.GetRegisteredSchemaAsync("vitals.raw-value", 3))).ErrorCode);
        Assert.Equal(40403, (await Assert.ThrowsAsync<SchemaRegistryException>(() =>
            registry.GetSchemaIdAsync("vitals.raw-value", Seeded("pulse.vitals.Alert")))).ErrorCode);
    }

    [Fact]
    public async Task ConcurrentRegistrations_GiveDistinctSchemasDistinctIds_AndOneSchemaOneId()
    {
        using var registry = InProcessSchemaRegistry.Seeded();
        var texts = Enumerable.Range(0, 40).Select(i => $$"""{"type": "record", "name": "R{{i}}", "fields": []}""").ToList();

        var ids = await Task.WhenAll(texts.Concat(texts).Select((text, i) =>
            Task.Run(() => registry.RegisterSchemaAsync($"s{i % texts.Count}-value", Avro(text)))));

        Assert.Equal(ids[..texts.Count], ids[texts.Count..]);
        Assert.Equal(Enumerable.Range(SchemaCatalog.Records.Count() + 1, texts.Count), ids[..texts.Count].Order());
    }

    [Fact]
    public async Task InProcessRegistry_WhatItCannotDo_SaysSo()
    {
        using var registry = InProcessSchemaRegistry.Seeded();

        var metadata = await Assert.ThrowsAsync<NotSupportedException>(() =>
            registry.GetLatestWithMetadataAsync("vitals.raw-value", new Dictionary<string, string>(), true));
        var protobuf = await Assert.ThrowsAsync<NotSupportedException>(() =>
            registry.RegisterSchemaAsync("p-value", new Schema("syntax = \"proto3\";", SchemaType.Protobuf)));

        Assert.Contains("metadata", metadata.Message, StringComparison.Ordinal);
        Assert.Contains("Protobuf schemas", protobuf.Message, StringComparison.Ordinal);
        Assert.Empty(await registry.GetAssociationsByResourceNameAsync("vitals.raw", "-", "topic", ["value"], null!, 0, -1));
    }

    [Fact]
    public async Task InvalidSchemaText_IsRefusedAsConfluentsRegistryDoes()
    {
        using var registry = InProcessSchemaRegistry.Seeded();

        var error = await Assert.ThrowsAsync<SchemaRegistryException>(() => registry.RegisterSchemaAsync("x-value", Avro("""{"type": "recrod"}""")));

        Assert.Equal(42201, error.ErrorCode);
    }
}
