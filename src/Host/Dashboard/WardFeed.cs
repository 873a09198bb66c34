using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using pulse.vitals;
using Pulse.Host.AlertTail;
using Pulse.Host.Configuration;
using Pulse.Schemas;
using Pulse.Vitals;

namespace Pulse.Host.Dashboard;

/// <summary>
/// Feeds the <see cref="WardModel"/> from Kafka, in no consumer group (every dashboard sees every
/// partition, commits nothing): <c>vitals.enriched</c> from the last <see cref="DashboardOptions.Backlog"/>
/// records of each partition (what was there at start counts as seen when it was read), the alert topics
/// from the beginning (episodes are the sum of their events), and for the <see cref="AreaModel"/>
/// <c>vehicles.positions</c> (compacted) and <c>dispatch.orders</c> from the beginning, when they exist. Read committed. A record that does not
/// deserialize is logged and skipped. <see cref="Fault"/> says why it stopped, if it did.
/// </summary>
internal sealed partial class WardFeed(
    WardModel ward, AreaModel area, IOptions<DashboardOptions> options, IOptions<KafkaOptions> kafka, IOptions<VitalsTopics> topics, ISchemaRegistryClient registry,
    ILogger<WardFeed> logger, TimeProvider time) : BackgroundService
{
    private static readonly TimeSpan PollTimeout = TimeSpan.FromMilliseconds(200);
    private readonly Dictionary<TopicPartition, long> _liveFrom = [];
    private readonly HashSet<TopicPartition> _backlogLeft = [];
    private readonly TaskCompletionSource _backlogRead = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile Exception? _fault;
    private IDeserializer<VehiclePosition> _vehicles = null!;
    private IDeserializer<DispatchOrder> _orders = null!;

    /// <summary>Why the feed stopped by itself, or null.</summary>
    public Exception? Fault => _fault;

    /// <summary>Whether every partition is assigned and the backlog read has begun.</summary>
    public bool Started { get; private set; }

    /// <summary>Completes once the enriched backlog of every partition has been read (what was there at start).</summary>
    public Task BacklogRead => _backlogRead.Task;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Run(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken stop)
    {
        var watch = new KafkaConnectionWatch(kafka.Value.BootstrapServers, logger, time);
        var readings = AvroSerdes.Deserializer<EnrichedReading>(registry);
        var alerts = AvroSerdes.Deserializer<Alert>(registry);
        _vehicles = AvroSerdes.Deserializer<VehiclePosition>(registry);
        _orders = AvroSerdes.Deserializer<DispatchOrder>(registry);
        var config = new ConsumerConfig(new Dictionary<string, string>(kafka.Value.Properties, StringComparer.Ordinal))
        {
            BootstrapServers = kafka.Value.BootstrapServers,
            GroupId = "pulse-dashboard-ungrouped", // assigned, never joined nor committed
            EnableAutoCommit = false,
            IsolationLevel = IsolationLevel.ReadCommitted,
            EnablePartitionEof = true,
        };
        try
        {
            using var consumer = new ConsumerBuilder<byte[], byte[]>(config)
                .SetLogHandler((_, m) => logger.LogDebug("librdkafka {Client} {Facility}: {KafkaMessage}", m.Name, m.Facility, m.Message))
                .SetErrorHandler((_, e) =>
                {
                    if (e.IsFatal) _fault = new KafkaException(e);
                    else watch.OnError(e);
                })
                .Build();
            if (!Assign(consumer)) return;
            Started = true;
            while (!stop.IsCancellationRequested && _fault is null)
            {
                watch.Probe(consumer);
                ConsumeResult<byte[], byte[]>? record;
                try
                {
                    record = consumer.Consume(PollTimeout);
                }
                catch (ConsumeException e) when (!e.Error.IsFatal)
                {
                    LogConsumeError(logger, e.Error.Reason);
                    continue;
                }
                if (record is null) continue;
                if (record.IsPartitionEOF || (_liveFrom.TryGetValue(record.TopicPartition, out var from) && record.Offset.Value >= from - 1))
                    BacklogDone(record.TopicPartition);
                if (record.Message?.Value is { } value) Take(record, value, readings, alerts);
            }
        }
        catch (KafkaException e)
        {
            _fault = e;
            LogFailed(logger, kafka.Value.BootstrapServers, e.Error.Reason);
        }
        finally
        {
            _backlogRead.TrySetResult();
        }
    }

    private void BacklogDone(TopicPartition partition)
    {
        if (_backlogLeft.Remove(partition) && _backlogLeft.Count == 0) _backlogRead.TrySetResult();
    }

    private void Take(ConsumeResult<byte[], byte[]> record, byte[] value, IDeserializer<EnrichedReading> readings, IDeserializer<Alert> alerts)
    {
        var context = new SerializationContext(MessageComponentType.Value, record.Topic, record.Message.Headers);
        try
        {
            var t = topics.Value;
            if (record.Topic == t.Enriched)
                ward.Add(readings.Deserialize(value, false, context), live: !_liveFrom.TryGetValue(record.TopicPartition, out var from) || record.Offset.Value >= from);
            else if (record.Topic == t.VehiclePositions) area.Add(_vehicles.Deserialize(value, false, context));
            else if (record.Topic == t.DispatchOrders) area.Add(_orders.Deserialize(value, false, context));
            else ward.Add(alerts.Deserialize(value, false, context));
        }
#pragma warning disable CA1031 // a record the dashboard cannot read is skipped, never a reason to stop showing the ward
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogUnreadable(logger, record.Topic, record.Partition.Value, record.Offset.Value, e.Message);
        }
    }

    /// <summary>Assigns every partition of the three topics; false (and a fault) when one is missing.</summary>
    private bool Assign(IConsumer<byte[], byte[]> consumer)
    {
        using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
        var metadata = admin.GetMetadata(TimeSpan.FromSeconds(30));
        var t = topics.Value;
        var assignment = new List<TopicPartitionOffset>();
        foreach (var name in new[] { t.Enriched, t.Notify, t.Dispatch, t.VehiclePositions, t.DispatchOrders }.Distinct(StringComparer.Ordinal))
        {
            var topic = metadata.Topics.Find(x => x.Topic == name);
            var optional = name == t.VehiclePositions || name == t.DispatchOrders; // dispatch may not be deployed
            if (optional && (topic is null || topic.Error.IsError || topic.Partitions.Count == 0)) continue;
            if (topic is null || topic.Error.IsError || topic.Partitions.Count == 0)
            {
                _fault = new InvalidOperationException(
                    $"Topic '{name}' does not exist on {kafka.Value.BootstrapServers}; create the pipeline's topics with 'pulse init' (or use 'pulse broker').");
                LogFailed(logger, kafka.Value.BootstrapServers, _fault.Message);
                return false;
            }
            foreach (var p in topic.Partitions)
            {
                var partition = new TopicPartition(name, p.PartitionId);
                if (name != t.Enriched)
                {
                    assignment.Add(new TopicPartitionOffset(partition, Offset.Beginning));
                    continue;
                }
                var marks = consumer.QueryWatermarkOffsets(partition, TimeSpan.FromSeconds(30));
                _liveFrom[partition] = marks.High.Value;
                if (marks.High.Value > marks.Low.Value) _backlogLeft.Add(partition);
                assignment.Add(new TopicPartitionOffset(partition, Math.Max(marks.Low.Value, marks.High.Value - options.Value.Backlog)));
            }
        }
        consumer.Assign(assignment);
        if (_backlogLeft.Count == 0) _backlogRead.TrySetResult();
        LogStarted(logger, assignment.Count, options.Value.Backlog);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reading the ward from {Partitions} partitions (the last {Backlog} enriched readings of each, every alert event)")]
    private static partial void LogStarted(ILogger logger, int partitions, int backlog);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped {Topic} [{Partition}] @{Offset}: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string topic, int partition, long offset, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Consume error (retrying): {Reason}")]
    private static partial void LogConsumeError(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The ward feed stopped (Kafka {Servers}): {Reason}")]
    private static partial void LogFailed(ILogger logger, string servers, string reason);
}
