using System.Diagnostics.Metrics;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using pulse.vitals;
using Pulse.Host.Configuration;
using Pulse.Host.Observability;
using Pulse.Schemas;
using Pulse.Streams;
using Pulse.Vitals;

namespace Pulse.Host.Archive;

/// <summary>
/// <c>pulse archive</c>: a consumer group that writes <c>vitals.raw</c> (the original bytes) and <c>vitals.enriched</c>
/// (typed columns) to Parquet files (docs/ARCHIVE.md). Exactly once into the archive: a partition's files are
/// published only when whole, their names carry the offsets they cover, and each assignment resumes from what the
/// files hold (<see cref="ArchiveIndex"/>), not from committed offsets, which only show lag. A storage failure is
/// retried, never skipped.
/// </summary>
public sealed partial class Archiver(
    IOptions<ArchiveOptions> options, IOptions<KafkaOptions> kafka, IOptions<VitalsTopics> topics, ISchemaRegistryClient registry,
    IArchiveStorage storage, IMeterFactory meters, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<Archiver> logger) : BackgroundService
{
    private static readonly TimeSpan RetryMax = TimeSpan.FromSeconds(30);
    private readonly Dictionary<TopicPartition, PartitionBuffer> _buffers = [];
    private readonly Meter _meter = meters.Create("Pulse.Archive");
    private long _records;
    private long _files;

    /// <summary>What stopped the archiver on its own; null while it runs or after a clean stop.</summary>
    public Exception? Fault { get; private set; }

    /// <summary>Records archived (or counted as unreadable) so far by this instance.</summary>
    public long Records => Interlocked.Read(ref _records);

    /// <summary>Files published so far by this instance.</summary>
    public long Files => Interlocked.Read(ref _files);

    /// <summary>True once it has partitions assigned and reads them.</summary>
    public bool IsAssigned { get; private set; }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Run(stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken stop)
    {
        var o = options.Value;
        var names = new[] { topics.Value.Raw, topics.Value.Enriched };
        var flusher = new ArchiveFlusher(storage, o.RowGroupRows);
        var enriched = AvroSerdes.Deserializer<EnrichedReading>(registry);
        _meter.CreateObservableCounter("pulse.archive.records", () => Records, "{record}", "Records archived (or counted as unreadable)");
        _meter.CreateObservableCounter("pulse.archive.files", () => Files, "{file}", "Parquet files published");
        IConsumer<byte[], byte[]>? consumer = null;
        try
        {
            LogStarting(logger, storage.Location, o.GroupId, string.Join(", ", names));
            consumer = new ConsumerBuilder<byte[], byte[]>(ConsumerConfig(o))
                .LogTo(logger)
                .SetPartitionsAssignedHandler((_, assigned) => Assigned(assigned, names, enriched))
                .SetPartitionsRevokedHandler((c, revoked) => FlushAll(c, flusher, revoked.Select(p => p.TopicPartition).ToHashSet(), stop))
                .SetPartitionsLostHandler((_, lost) => Lost(lost.Select(p => p.TopicPartition)))
                .Build();
            consumer.Subscribe(names);
            var lastCheck = time.GetUtcNow();
            while (!stop.IsCancellationRequested)
            {
                var record = consumer.Consume(TimeSpan.FromMilliseconds(200));
                var now = time.GetUtcNow();
                if (record is { IsPartitionEOF: false } && _buffers.TryGetValue(record.TopicPartition, out var buffer))
                {
                    buffer.Add(record, now);
                    Interlocked.Increment(ref _records);
                    if (buffer.Bytes >= o.RollBytes) Flush(consumer, flusher, buffer, stop);
                }
                if (now - lastCheck < TimeSpan.FromMilliseconds(200)) continue;
                lastCheck = now;
                foreach (var due in _buffers.Values.Where(b => !b.IsEmpty && now - b.FirstAt >= o.RollInterval).ToList())
                    Flush(consumer, flusher, due, stop);
            }
            FlushAll(consumer, flusher, null, CancellationToken.None);
            consumer.Close();
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped while waiting out a storage failure: nothing half-published; the files say where to resume.
        }
        catch (Exception e)
        {
            Fault = e;
            LogStopped(logger, e.Message, e);
            lifetime.StopApplication();
        }
        finally
        {
            consumer?.Dispose();
        }
        LogDone(logger, Records, Files);
    }

    private List<TopicPartitionOffset> Assigned(List<TopicPartition> assigned, IEnumerable<string> names, IDeserializer<EnrichedReading> enriched)
    {
        var index = ArchiveIndex.Load(storage, names);
        if (index.RemovedIncomplete + index.RemovedUnpublished > 0) LogRemoved(logger, index.RemovedIncomplete, index.RemovedUnpublished);
        var offsets = new List<TopicPartitionOffset>();
        foreach (var tp in assigned)
        {
            _buffers[tp] = new PartitionBuffer(tp, tp.Topic == topics.Value.Raw ? () => new RawRows() : () => new EnrichedRows(enriched, tp.Topic));
            var next = index.Next(tp.Topic, tp.Partition.Value);
            offsets.Add(new TopicPartitionOffset(tp, next is { } n ? new Offset(n) : Offset.Beginning));
            LogAssigned(logger, tp.Topic, tp.Partition.Value, next is { } m ? m.ToString(System.Globalization.CultureInfo.InvariantCulture) : "the beginning");
        }
        IsAssigned = true;
        return offsets;
    }

    /// <summary>A lost partition (this member was thought dead) may be another's already: its buffer is dropped, never flushed.</summary>
    private void Lost(IEnumerable<TopicPartition> lost)
    {
        foreach (var tp in lost) _buffers.Remove(tp);
    }

    private void FlushAll(IConsumer<byte[], byte[]> consumer, ArchiveFlusher flusher, HashSet<TopicPartition>? only, CancellationToken stop)
    {
        foreach (var buffer in _buffers.Values.Where(b => only is null || only.Contains(b.Partition)).ToList())
        {
            Flush(consumer, flusher, buffer, stop);
            if (only is not null) _buffers.Remove(buffer.Partition);
        }
    }

    private void Flush(IConsumer<byte[], byte[]> consumer, ArchiveFlusher flusher, PartitionBuffer buffer, CancellationToken stop)
    {
        if (buffer.IsEmpty) return;
        var delay = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            try
            {
                var files = flusher.FlushAsync(buffer, CancellationToken.None).GetAwaiter().GetResult();
                Interlocked.Add(ref _files, files.Count);
                LogFlushed(logger, buffer.Partition.Topic, buffer.Partition.Partition.Value, buffer.From, buffer.To, buffer.Rows, files.Count, buffer.Skipped);
                break;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                LogRetrying(logger, storage.Location, e.Message, delay.TotalSeconds);
                stop.WaitHandle.WaitOne(delay);
                stop.ThrowIfCancellationRequested();
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, RetryMax.Ticks));
            }
        }
        try
        {
            consumer.Commit([new TopicPartitionOffset(buffer.Partition, buffer.To + 1)]); // for lag monitoring only
        }
        catch (KafkaException e)
        {
            LogCommitFailed(logger, buffer.Partition.ToString(), e.Error.Reason);
        }
        buffer.Clear();
    }

    private ConsumerConfig ConsumerConfig(ArchiveOptions o)
    {
        var config = new ConsumerConfig(new Dictionary<string, string>(kafka.Value.Properties))
        {
            BootstrapServers = kafka.Value.BootstrapServers,
            GroupId = o.GroupId,
            ClientId = "pulse-archive",
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
            IsolationLevel = IsolationLevel.ReadCommitted,
        };
        config.SessionTimeoutMs ??= Replica.StreamsConfigFactory.SessionTimeoutMs;
        config.HeartbeatIntervalMs ??= Replica.StreamsConfigFactory.HeartbeatIntervalMs;
        config.FetchWaitMaxMs ??= 100;
        config.MaxPartitionFetchBytes ??= 4 * 1024 * 1024;
        return config;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Archive starting: {Location}, group {GroupId}, topics {Topics}")]
    private static partial void LogStarting(ILogger logger, string location, string groupId, string topics);

    [LoggerMessage(Level = LogLevel.Information, Message = "Assigned {Topic} [{Partition}]: resuming from offset {Offset} (what the archive's files hold)")]
    private static partial void LogAssigned(ILogger logger, string topic, int partition, string offset);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Removed what a crash left: {Incomplete} file(s) of a flush cut short, {Unpublished} unpublished; their records are read again")]
    private static partial void LogRemoved(ILogger logger, int incomplete, int unpublished);

    [LoggerMessage(Level = LogLevel.Information, Message = "Archived {Topic} [{Partition}] offsets {From}..{To}: {Rows} rows in {Files} file(s), {Skipped} unreadable")]
    private static partial void LogFlushed(ILogger logger, string topic, int partition, long from, long to, int rows, int files, int skipped);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Archive {Location} cannot be written ({Reason}); retrying in {Seconds} s")]
    private static partial void LogRetrying(ILogger logger, string location, string reason, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Committing {Partition} for lag monitoring failed ({Reason}); the files hold the position")]
    private static partial void LogCommitFailed(ILogger logger, string partition, string reason);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The archiver stopped: {Reason}")]
    private static partial void LogStopped(ILogger logger, string reason, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Archive stopped: {Records} records, {Files} files")]
    private static partial void LogDone(ILogger logger, long records, long files);
}
