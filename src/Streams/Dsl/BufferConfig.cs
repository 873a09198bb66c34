namespace Pulse.Streams.Dsl;

/// <summary>What a suppression buffer does when it would hold more than its limits allow.</summary>
public enum BufferFullStrategy
{
    /// <summary>Emit the oldest buffered updates early, before their time, until the buffer fits again.</summary>
    EmitEarly,

    /// <summary>Stop the task with a <see cref="Errors.StreamsException"/> naming the buffer's node and store.</summary>
    ShutDown,
}

/// <summary>
/// The limits of a suppression buffer, as Kafka's <c>Suppressed.BufferConfig</c>: a number of
/// records, a number of bytes (an estimate of the buffered keys, values, timestamps and headers),
/// both or neither, and what to do when full. <see cref="MaxRecords(long)"/> and
/// <see cref="MaxBytes(long)"/> emit early by default; <see cref="ShutDownWhenFull"/> and
/// <see cref="Unbounded"/> give a <see cref="StrictBufferConfig"/>, which never emits early.
/// Immutable: every method returns a changed copy.
/// </summary>
public class BufferConfig
{
    private protected BufferConfig(long recordLimit, long byteLimit, BufferFullStrategy whenFull)
    {
        RecordLimit = recordLimit;
        ByteLimit = byteLimit;
        WhenFull = whenFull;
    }

    /// <summary>The most records the buffer holds; <see cref="long.MaxValue"/> for no limit.</summary>
    public long RecordLimit { get; }

    /// <summary>The most bytes (estimated) the buffer holds; <see cref="long.MaxValue"/> for no limit.</summary>
    public long ByteLimit { get; }

    /// <summary>What happens when a limit is passed.</summary>
    public BufferFullStrategy WhenFull { get; }

    /// <summary>A buffer with no limits (strict: it never emits early).</summary>
    public static StrictBufferConfig Unbounded() => new(long.MaxValue, long.MaxValue);

    /// <summary>A buffer of at most <paramref name="records"/> records that emits the oldest early when full.</summary>
    public static BufferConfig MaxRecords(long records) => new(CheckLimit(records, nameof(records)), long.MaxValue, BufferFullStrategy.EmitEarly);

    /// <summary>A buffer of at most <paramref name="bytes"/> bytes that emits the oldest early when full.</summary>
    public static BufferConfig MaxBytes(long bytes) => new(long.MaxValue, CheckLimit(bytes, nameof(bytes)), BufferFullStrategy.EmitEarly);

    /// <summary>A copy that also holds at most <paramref name="records"/> records.</summary>
    public BufferConfig WithMaxRecords(long records) => new(CheckLimit(records, nameof(records)), ByteLimit, WhenFull);

    /// <summary>A copy that also holds at most <paramref name="bytes"/> bytes.</summary>
    public BufferConfig WithMaxBytes(long bytes) => new(RecordLimit, CheckLimit(bytes, nameof(bytes)), WhenFull);

    /// <summary>A copy with no limits (strict: it never emits early).</summary>
    public StrictBufferConfig WithNoBound() => Unbounded();

    /// <summary>A copy that, when full, emits the oldest buffered updates early (before their time) until it fits.</summary>
    public BufferConfig EmitEarlyWhenFull() => new(RecordLimit, ByteLimit, BufferFullStrategy.EmitEarly);

    /// <summary>A copy that, when full, stops the task with an error rather than emit anything early.</summary>
    public StrictBufferConfig ShutDownWhenFull() => new(RecordLimit, ByteLimit);

    /// <inheritdoc />
    public override string ToString() =>
        $"{GetType().Name}(records: {Limit(RecordLimit)}, bytes: {Limit(ByteLimit)}, when full: {WhenFull})";

    private static string Limit(long limit) => limit == long.MaxValue ? "unbounded" : limit.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private protected static long CheckLimit(long limit, string name)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit, name);
        return limit;
    }
}

/// <summary>
/// A buffer configuration that never emits a result early: unbounded, or one that stops the task
/// when full. The only kind <see cref="Suppressed.UntilWindowCloses(StrictBufferConfig)"/> takes, so
/// a final result is final.
/// </summary>
public sealed class StrictBufferConfig : BufferConfig
{
    internal StrictBufferConfig(long recordLimit, long byteLimit) : base(recordLimit, byteLimit, BufferFullStrategy.ShutDown) { }

    /// <summary>A copy that also holds at most <paramref name="records"/> records, and stops the task when full.</summary>
    public new StrictBufferConfig WithMaxRecords(long records) => new(CheckLimit(records, nameof(records)), ByteLimit);

    /// <summary>A copy that also holds at most <paramref name="bytes"/> bytes, and stops the task when full.</summary>
    public new StrictBufferConfig WithMaxBytes(long bytes) => new(RecordLimit, CheckLimit(bytes, nameof(bytes)));
}
