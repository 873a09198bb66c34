namespace Pulse.Host.Sink;

/// <summary>
/// How the Postgres sink runs: configuration section <see cref="Section"/> (appsettings.json,
/// <c>PULSE__Sink__…</c>, or the flags of <c>pulse sink</c>). Validated at start-up.
/// </summary>
public sealed class SinkOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string Section = "Sink";

    /// <summary>The consumer group; sink instances with the same group share the partitions (<c>--group-id</c>).</summary>
    public string GroupId { get; set; } = "pulse-sink";

    /// <summary>Records per batch at most; one transaction writes a batch (<c>--batch-size</c>).</summary>
    public int BatchSize { get; set; } = 5_000;

    /// <summary>How long a batch waits for more records after its first, in milliseconds (<c>--linger-ms</c>).</summary>
    public int LingerMs { get; set; } = 100;

    /// <summary>Where records the database rejects for good, and records that do not deserialize, go (<c>--dead-letter-topic</c>).</summary>
    public string DeadLetterTopic { get; set; } = "sink.dlq";

    /// <summary>
    /// The largest value a dead letter carries (default 512 KiB): a larger one is cut, with headers giving its size and
    /// SHA-256, so a record too large for the dead-letter topic is still recorded.
    /// </summary>
    public int DeadLetterMaxPayloadBytes { get; set; } = Pulse.Streams.Errors.DeadLetterPayload.DefaultMaxBytes;

    /// <summary>The first wait before a batch is retried after a database outage, in milliseconds; it doubles per attempt, with jitter.</summary>
    public int RetryInitialDelayMs { get; set; } = 200;

    /// <summary>The longest wait between two attempts, in milliseconds.</summary>
    public int RetryMaxDelayMs { get; set; } = 5_000;

    /// <summary>Retries of one batch before the sink gives up and stops; null (the default) retries for as long as it takes.</summary>
    public int? RetryMaxAttempts { get; set; }

    /// <summary>Whether the sink applies the database migrations at start (safe with several instances).</summary>
    public bool Migrate { get; set; } = true;
}
