namespace Pulse.Host.Configuration;

/// <summary>
/// Where Kafka and the schema registry are: configuration section <see cref="Section"/>, shared by
/// every command that talks to Kafka. Validated at start-up by <see cref="KafkaOptionsValidator"/>.
/// </summary>
public sealed class KafkaOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string Section = "Kafka";

    /// <summary>The brokers, <c>host:port,…</c> (<c>--bootstrap-servers</c>). Required.</summary>
    public string BootstrapServers { get; set; } = "";

    /// <summary>
    /// Schema Registry URL(s), or <c>inprocess</c> (the default) for the registry seeded from
    /// <c>avro/</c> inside each process (<c>--schema-registry</c>).
    /// </summary>
    public string SchemaRegistryUrl { get; set; } = Pulse.Schemas.AvroSerdes.InProcess;

    /// <summary>
    /// librdkafka properties passed to every client as they are (security, tuning), e.g.
    /// <c>Kafka:Properties:security.protocol</c>. Values are never logged.
    /// </summary>
    public Dictionary<string, string> Properties { get; set; } = new(StringComparer.Ordinal);
}
