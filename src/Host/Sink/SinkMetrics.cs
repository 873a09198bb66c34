using System.Diagnostics.Metrics;

namespace Pulse.Host.Sink;

/// <summary>
/// The sink's instruments, on the meter <see cref="MeterName"/> ("Pulse.Sink"; export with
/// OpenTelemetry's <c>AddMeter("Pulse.Sink")</c>), and this instance's running totals.
/// </summary>
/// <remarks>
/// Instruments: <c>pulse.sink.rows</c> (rows inserted, tag <c>table</c>),
/// <c>pulse.sink.rows.already_present</c> (rows the table held already, tag <c>table</c>),
/// <c>pulse.sink.records</c> (records consumed, tag <c>topic</c>), <c>pulse.sink.batches</c>
/// (transactions committed), <c>pulse.sink.batch.duration</c> (seconds to write a batch, retries
/// and isolation included), <c>pulse.sink.retries</c> (attempts repeated after a transient failure),
/// <c>pulse.sink.dead_letters</c> (records sent to the dead-letter topic, tags <c>topic</c> and
/// <c>reason</c>).
/// </remarks>
public sealed class SinkMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Pulse.Sink";

    private readonly Counter<long> _rows;
    private readonly Counter<long> _alreadyPresent;
    private readonly Counter<long> _records;
    private readonly Counter<long> _batches;
    private readonly Histogram<double> _batchDuration;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _deadLetters;
    private readonly Counter<long> _deadLetterFailures;
    private long _deadLetterFailureCount;
    private long _rowsWritten;
    private long _rowsAlreadyPresent;
    private long _batchCount;
    private long _retryCount;
    private long _deadLetterCount;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>.</summary>
    public SinkMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _rows = meter.CreateCounter<long>("pulse.sink.rows", "{row}", "Rows inserted, by table");
        _alreadyPresent = meter.CreateCounter<long>("pulse.sink.rows.already_present", "{row}", "Rows skipped because the table held them already, by table");
        _records = meter.CreateCounter<long>("pulse.sink.records", "{record}", "Records consumed and written or dead-lettered, by topic");
        _batches = meter.CreateCounter<long>("pulse.sink.batches", "{batch}", "Batches committed");
        _batchDuration = meter.CreateHistogram<double>("pulse.sink.batch.duration", "s", "Time to write a batch, retries and isolation included");
        _retries = meter.CreateCounter<long>("pulse.sink.retries", "{retry}", "Database attempts repeated after a transient failure");
        _deadLetters = meter.CreateCounter<long>("pulse.sink.dead_letters", "{record}", "Records sent to the dead-letter topic, by source topic and reason");
        _deadLetterFailures = meter.CreateCounter<long>("pulse.sink.dead_letter_failures", "{record}",
            "Records whose dead letter Kafka refused even without its value: logged and dropped, by source topic");
    }

    /// <summary>
    /// Puts the counters of rare events (retries, dead letters) on the scrape at 0 before the first one happens, so a
    /// dashboard's rate over them reads 0, not "no data". Called once the sink runs (the meter's listener is attached by then).
    /// </summary>
    public void StartAtZero()
    {
        _retries.Add(0);
        _deadLetters.Add(0);
        _deadLetterFailures.Add(0);
    }

    /// <summary>Records whose dead letter could not be written at all (logged and dropped).</summary>
    public long DeadLetterFailures => Interlocked.Read(ref _deadLetterFailureCount);

    /// <summary>Rows this instance inserted.</summary>
    public long RowsWritten => Interlocked.Read(ref _rowsWritten);

    /// <summary>Rows this instance found already present (none, unless records were read twice).</summary>
    public long RowsAlreadyPresent => Interlocked.Read(ref _rowsAlreadyPresent);

    /// <summary>Batches this instance committed.</summary>
    public long Batches => Interlocked.Read(ref _batchCount);

    /// <summary>Database attempts this instance repeated.</summary>
    public long Retries => Interlocked.Read(ref _retryCount);

    /// <summary>Records this instance sent to the dead-letter topic.</summary>
    public long DeadLetters => Interlocked.Read(ref _deadLetterCount);

    internal void RowsInserted(string table, int inserted, int alreadyPresent)
    {
        var tag = new KeyValuePair<string, object?>("table", table);
        _rows.Add(inserted, tag);
        Interlocked.Add(ref _rowsWritten, inserted);
        if (alreadyPresent == 0) return;
        _alreadyPresent.Add(alreadyPresent, tag);
        Interlocked.Add(ref _rowsAlreadyPresent, alreadyPresent);
    }

    internal void RecordsConsumed(string topic, int count) => _records.Add(count, new KeyValuePair<string, object?>("topic", topic));

    internal void BatchCommitted(TimeSpan duration)
    {
        _batches.Add(1);
        Interlocked.Increment(ref _batchCount);
        _batchDuration.Record(duration.TotalSeconds);
    }

    internal void Retried()
    {
        _retries.Add(1);
        Interlocked.Increment(ref _retryCount);
    }

    internal void DeadLetterFailed(string topic)
    {
        _deadLetterFailures.Add(1, new KeyValuePair<string, object?>("topic", topic));
        Interlocked.Increment(ref _deadLetterFailureCount);
    }

    internal void DeadLettered(string topic, string reason)
    {
        _deadLetters.Add(1, new KeyValuePair<string, object?>("topic", topic), new KeyValuePair<string, object?>("reason", reason));
        Interlocked.Increment(ref _deadLetterCount);
    }
}
