using Pulse.Streams;

namespace Pulse.Host.Replica;

/// <summary>
/// How a replica of the vitals topology runs on Kafka (<c>pulse run</c>): configuration section
/// <see cref="Section"/> (appsettings.json, <c>PULSE__Streams__…</c>, or flags). Validated at start-up.
/// Where Kafka and the registry are comes from <see cref="Configuration.KafkaOptions"/>; the topology's
/// own settings from <see cref="Pulse.Vitals.VitalsOptions"/> (section <c>Vitals</c>).
/// </summary>
public sealed class ReplicaOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string Section = "Streams";

    /// <summary>The application id: the consumer group replicas share, and the prefix of internal topics (<c>--application-id</c>).</summary>
    public string ApplicationId { get; set; } = "pulse-vitals";

    /// <summary>
    /// Where RocksDB stores and checkpoints live (<c>--state-dir</c>); default <c>&lt;temp&gt;/pulse-streams</c>.
    /// One replica per directory: a second replica on the same machine needs its own.
    /// </summary>
    public string StateDir { get; set; } = Path.Combine(Path.GetTempPath(), "pulse-streams");

    /// <summary>Stream threads in this replica (<c>--threads</c>).</summary>
    public int Threads { get; set; } = 1;

    /// <summary><c>at_least_once</c> (default) or <c>exactly_once_v2</c> (<c>--processing-guarantee</c>).</summary>
    public ProcessingGuarantee ProcessingGuarantee { get; set; } = ProcessingGuarantee.AtLeastOnce;

    /// <summary>
    /// Warm copies of each stateful task on other replicas (<c>--standby-replicas</c>; default 1): when a replica dies, the
    /// replica that takes its tasks over restores only the changelogs' tail, so its patients are monitored again within
    /// seconds. Each copy costs the state's disk and the changelogs' read traffic on one more replica.
    /// </summary>
    public int StandbyReplicas { get; set; } = 1;

    /// <summary>How often tasks commit, in milliseconds; default 30,000, or 100 under exactly-once.</summary>
    public int? CommitIntervalMs { get; set; }

    /// <summary>Record cache per stream thread, in bytes; 0 turns caching off. Default 10 MiB.</summary>
    public long CacheMaxBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Replication factor of internal topics the replica creates itself (-1: the broker's default).</summary>
    public short ReplicationFactor { get; set; } = -1;

    /// <summary>How long a clean stop (Ctrl+C, SIGTERM) may take to finish the records in hand, commit and leave the group, in milliseconds.</summary>
    public int CloseTimeoutMs { get; set; } = 30_000;

    /// <summary>
    /// The <c>host:port</c> other replicas reach this one's interactive queries at (Kafka's <c>application.server</c>);
    /// empty: this replica's HTTP listener, as it bound (<c>pulse run --http</c>).
    /// </summary>
    public string? ApplicationServer { get; set; }
}
