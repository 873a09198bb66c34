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

    /// <summary>
    /// Confluent's <c>schema.registry.*</c> client settings passed as they are (authentication, TLS), e.g.
    /// <c>Kafka:SchemaRegistryProperties:schema.registry.basic.auth.user.info</c>. Values are never logged.
    /// </summary>
    public Dictionary<string, string> SchemaRegistryProperties { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The registry URL(s) with any user info masked (<c>http://***@host:8081</c>), for logs.</summary>
    public string DescribeRegistry()
    {
        var url = SchemaRegistryUrl;
        var at = url.LastIndexOf('@');
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        return at < 0 ? url : string.Concat(url.AsSpan(0, scheme < 0 || scheme > at ? 0 : scheme + 3), "***", url.AsSpan(at));
    }
}
