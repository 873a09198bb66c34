namespace Pulse.Streams.Dsl;

/// <summary>
/// How a table's updates are held back, as Kafka's <c>Suppressed</c>: each key's latest update
/// waits in a buffer, a state store of the suppress node whose every change is written to its
/// changelog (unless <see cref="WithLoggingDisabled"/>), so a restart neither loses nor repeats a
/// suppressed result.
/// <list type="bullet">
/// <item><see cref="UntilWindowCloses()"/>: for windowed aggregations, each window's final result,
/// once stream time passes its end plus grace; deletes are dropped.</item>
/// <item><see cref="UntilTimeLimit"/>: for any table, a key's latest value once stream time is
/// <c>timeToWaitForMoreEvents</c> past the first update buffered for it; deletes are emitted.</item>
/// </list>
/// The buffer's store is <c>&lt;name&gt;-store</c> when named with <see cref="WithName"/>, else
/// <c>KTABLE-SUPPRESS-STATE-STORE-&lt;n&gt;</c>; its changelog is <c>&lt;application.id&gt;-&lt;store&gt;-changelog</c>.
/// </summary>
public sealed record Suppressed
{
    private Suppressed(bool finalResultsOnly, TimeSpan timeToWait, BufferConfig bufferConfig)
    {
        FinalResultsOnly = finalResultsOnly;
        TimeToWaitForMoreEvents = timeToWait;
        BufferConfig = bufferConfig;
    }

    /// <summary>True to emit only each window's final result, once the window closes (end + grace).</summary>
    public bool FinalResultsOnly { get; }

    /// <summary>For <see cref="UntilTimeLimit"/>: how much stream time a key's first buffered update waits for later ones.</summary>
    public TimeSpan TimeToWaitForMoreEvents { get; }

    /// <summary>The buffer's limits and what happens when they are reached.</summary>
    public BufferConfig BufferConfig { get; }

    /// <summary>The suppress node's name (its store is <c>&lt;name&gt;-store</c>), or null for generated names.</summary>
    public string? Name { get; private init; }

    /// <summary>True (the default) to write every change of the buffer to its changelog topic, so it is restored after a restart.</summary>
    public bool LoggingEnabled { get; private init; } = true;

    /// <summary>Configs of the buffer's changelog topic.</summary>
    public IReadOnlyDictionary<string, string> LogConfig { get; private init; } = new Dictionary<string, string>();

    /// <summary>Emit only each window's final result, once the window closes (end + grace), from an unbounded buffer.</summary>
    public static Suppressed UntilWindowCloses() => UntilWindowCloses(BufferConfig.Unbounded());

    /// <summary>Emit only each window's final result, once the window closes (end + grace), from a buffer that never emits early.</summary>
    public static Suppressed UntilWindowCloses(StrictBufferConfig bufferConfig)
    {
        ArgumentNullException.ThrowIfNull(bufferConfig);
        return new Suppressed(true, TimeSpan.Zero, bufferConfig);
    }

    /// <summary>
    /// Emit a key's latest value once stream time has advanced <paramref name="timeToWaitForMoreEvents"/> past the first
    /// update buffered for it (or earlier, when a full <paramref name="bufferConfig"/> emits early).
    /// </summary>
    public static Suppressed UntilTimeLimit(TimeSpan timeToWaitForMoreEvents, BufferConfig bufferConfig)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timeToWaitForMoreEvents, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(bufferConfig);
        return new Suppressed(false, timeToWaitForMoreEvents, bufferConfig);
    }

    /// <summary>A copy that names the suppress node <paramref name="name"/> and its store <c>&lt;name&gt;-store</c>.</summary>
    public Suppressed WithName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return this with { Name = name };
    }

    /// <summary>A copy whose buffer is written to its changelog topic, created with <paramref name="config"/>.</summary>
    public Suppressed WithLoggingEnabled(IReadOnlyDictionary<string, string> config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return this with { LoggingEnabled = true, LogConfig = new Dictionary<string, string>(config) };
    }

    /// <summary>A copy whose buffer has no changelog: what it holds is lost when the task moves or restarts.</summary>
    public Suppressed WithLoggingDisabled() => this with { LoggingEnabled = false };
}
