namespace Pulse.Host.Commands;

/// <summary>The flags every command that talks to Kafka takes: where the brokers are, and the schema registry.</summary>
internal static class KafkaFlags
{
    /// <summary><c>--bootstrap-servers</c> and <c>--schema-registry</c> (alias <c>--schema-registry-url</c>).</summary>
    public static IReadOnlyList<SettingFlag> WithRegistry() =>
    [
        BootstrapServers(),
        SettingFlag.For<string>("--schema-registry", "Kafka:SchemaRegistryUrl",
            "Schema Registry URL(s), e.g. http://schema-registry:8081, or 'inprocess' (default)", "--schema-registry-url"),
    ];

    /// <summary><c>--bootstrap-servers</c>.</summary>
    public static SettingFlag BootstrapServers() => SettingFlag.For<string>("--bootstrap-servers", "Kafka:BootstrapServers", "Kafka brokers, host:port,…");
}
