using Confluent.Kafka;
using Confluent.SchemaRegistry;
using pulse.vitals;
using Pulse.Host.Tests.TestSupport;
using Pulse.Schemas;

namespace Pulse.Host.Tests.Init;

/// <summary>
/// <c>pulse init --schema-registry-url</c> against a registry spoken to over HTTP by Confluent's client: every Avro topic's
/// subject (<c>&lt;topic&gt;-value</c>) registered with compatibility BACKWARD, the ids the serializers then use, and an
/// incompatible schema refused naming its subject.
/// </summary>
public sealed class InitSchemaRegistryTests(PipelineCluster cluster) : IClassFixture<PipelineCluster>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);
    private static readonly string[] Subjects =
    [
        "vitals.raw-value", "vitals.enriched-value", "vitals.stats.1m-value", "alerts.notify-value", "alerts.dispatch-value",
        "alerts.acks-value", "vehicles.positions-value", "dispatch.orders-value",
    ];

    [Fact]
    public async Task Init_RegistersEverySubjectBackward_TwiceTheSameIds_AndTheSerdesReadEachOther()
    {
        await using var registry = await HttpSchemaRegistry.StartAsync();
        string[] args = ["init", "--bootstrap-servers", cluster.Kafka.BootstrapServers, "--application-id", PipelineCluster.ApplicationId, "--schema-registry-url", registry.Url];

        var first = PulseProcess.Run(args, timeout: Timeout);
        var second = PulseProcess.Run(args, timeout: Timeout);

        Assert.True(first.ExitCode == 0, first.Output());
        Assert.True(second.ExitCode == 0, second.Output());
        Assert.True(first.Logged("8 subjects, compatibility BACKWARD"), first.Output());
        foreach (var subject in Subjects)
        {
            Assert.Equal(Compatibility.Backward, await registry.Registry.GetCompatibilityAsync(subject));
            Assert.Equal([1], await registry.Registry.GetSubjectVersionsAsync(subject));
        }
        Assert.Equal(first.Stdout.Where(l => l.TrimStart().StartsWith("id ", StringComparison.Ordinal)), second.Stdout.Where(l => l.TrimStart().StartsWith("id ", StringComparison.Ordinal)));
        Assert.Contains(registry.Requests, r => r == "PUT /config/vitals.raw-value");

        // What a producer writes through Confluent's client, a consumer with a client of its own reads.
        var writer = AvroSerdes.Serializer<VitalReading>(AvroSerdes.Registry(registry.Url));
        var reader = AvroSerdes.Deserializer<VitalReading>(AvroSerdes.Registry(registry.Url));
        var context = new SerializationContext(MessageComponentType.Value, "vitals.raw");
        var reading = new VitalReading { patient_id = "P-1", timestamp = new DateTime(2026, 12, 6, 8, 0, 0, DateTimeKind.Utc), heart_rate = 72 };
        var bytes = writer.Serialize(reading, context);
        var back = reader.Deserialize(bytes, false, context);
        Assert.Equal(("P-1", 72), (back.patient_id, back.heart_rate));
        var registered = await registry.Registry.GetLatestSchemaAsync("vitals.raw-value");
        Assert.Equal(registered.Id, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(1, 4)));
    }

    [Fact]
    public async Task Init_AgainstASubjectWhoseSchemaItCannotRead_FailsNamingTheSubject()
    {
        await using var registry = await HttpSchemaRegistry.StartAsync();
        // An earlier writer's VitalReading whose patient_id was a number: today's (a string) cannot read its records.
        await registry.Registry.RegisterSchemaAsync("vitals.raw-value", new Schema(
            """{"type":"record","name":"VitalReading","namespace":"pulse.vitals","fields":[{"name":"patient_id","type":"int"}]}""", [], SchemaType.Avro));

        var run = PulseProcess.Run(["init", "--bootstrap-servers", cluster.Kafka.BootstrapServers, "--application-id", PipelineCluster.ApplicationId,
            "--schema-registry", registry.Url], timeout: Timeout);

        Assert.True(run.ExitCode == 1, run.Output());
        Assert.True(run.Logged("vitals.raw-value"), run.Output());
        Assert.True(run.Logged("incompatible"), run.Output());
        Assert.False(run.Output().Contains("   at ", StringComparison.Ordinal), run.Output());
    }
}
