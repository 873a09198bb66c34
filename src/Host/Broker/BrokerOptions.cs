namespace Pulse.Host.Broker;

/// <summary>
/// The embedded Kafka cluster of <c>pulse broker</c>: configuration section <see cref="Section"/>.
/// Its topics' partitions come from <c>Topics:Partitions</c>, the application whose internal topics
/// it makes from <c>Streams:ApplicationId</c>. Validated at start-up.
/// </summary>
public sealed class BrokerOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string Section = "Broker";

    /// <summary>How many brokers (<c>--brokers</c>, 1 to 9; default 3). Topics are replicated on up to three.</summary>
    public int Brokers { get; set; } = 3;

    /// <summary>A file to write the bootstrap servers to once the topics exist, for scripts (<c>--bootstrap-file</c>); deleted on a clean stop.</summary>
    public string? BootstrapFile { get; set; }
}
