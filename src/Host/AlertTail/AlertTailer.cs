using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pulse.Host.Configuration;
using Pulse.Schemas;
using Pulse.Streams;
using Pulse.Vitals;
using pulse.vitals;

namespace Pulse.Host.AlertTail;

/// <summary>
/// <c>pulse alerts</c>: a downstream consumer of <c>alerts.dispatch</c> and <c>dispatch.orders</c> (and, with
/// <see cref="AlertTailOptions.All"/>, <c>alerts.notify</c>) that prints one line per alert event
/// (<see cref="AlertLine"/>) and per order event (<see cref="OrderLine"/>) on stdout until stopped. Without a group it reads every partition and
/// commits nothing; in a group it resumes where the group left off. A record that is not an alert is
/// reported on stderr and skipped. <see cref="Fault"/> says why it stopped by itself, if it did.
/// </summary>
internal sealed partial class AlertTailer(
    IOptions<AlertTailOptions> options, IOptions<KafkaOptions> kafka, IOptions<VitalsOptions> vitals, ISchemaRegistryClient registry,
    IHostApplicationLifetime lifetime, ILogger<AlertTailer> logger, TimeProvider time) : BackgroundService
{
    private static readonly TimeSpan PollTimeout = TimeSpan.FromMilliseconds(500);
    private readonly KafkaConnectionWatch _connection = new(kafka.Value.BootstrapServers, logger, time);
    private volatile Exception? _fault;
    private IDeserializer<DispatchOrder> _orders = null!;

    /// <summary>Why the tail stopped by itself, or null.</summary>
    public Exception? Fault => _fault;

    /// <summary>Where alert lines go (stdout).</summary>
    public TextWriter Output { get; init; } = Console.Out;

    /// <summary>Alert events printed so far.</summary>
    public long Printed => Interlocked.Read(ref _printed);

    private long _printed;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Run(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken stop)
    {
        var o = options.Value;
        var topics = vitals.Value.Topics;
        string[] names = o.All ? [topics.Dispatch, topics.DispatchOrders, topics.Notify] : [topics.Dispatch, topics.DispatchOrders];
        var deserializer = AvroSerdes.Deserializer<Alert>(registry);
        _orders = AvroSerdes.Deserializer<DispatchOrder>(registry);
        try
        {
            using var consumer = Build(o);
            if (!Start(consumer, o, names)) return;
            try
            {
                Loop(consumer, deserializer, stop);
            }
            finally
            {
                if (!string.IsNullOrEmpty(o.GroupId)) consumer.Close(); // commits what was printed and leaves the group
            }
        }
        catch (KafkaException e)
        {
            Fail($"Kafka {kafka.Value.BootstrapServers}: {e.Error.Reason}", e);
        }
    }

    private void Loop(IConsumer<byte[], byte[]> consumer, IDeserializer<Alert> deserializer, CancellationToken stop)
    {
        DurationTextOr(options.Value.GiveUpAfter, out var giveUp);
        while (!stop.IsCancellationRequested)
        {
            _connection.Probe(consumer);
            if (_connection.Unreachable > giveUp)
            {
                Fail($"Kafka {kafka.Value.BootstrapServers} has been unreachable for {Simulator.Internal.DurationText.Format(giveUp)} (AlertTail:GiveUpAfter); giving up.", null);
                return;
            }
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
            if (record?.Message is not null) Print(record, deserializer);
        }
    }

    private IConsumer<byte[], byte[]> Build(AlertTailOptions o)
    {
        var grouped = !string.IsNullOrEmpty(o.GroupId);
        var config = new ConsumerConfig(new Dictionary<string, string>(kafka.Value.Properties, StringComparer.Ordinal))
        {
            BootstrapServers = kafka.Value.BootstrapServers,
            GroupId = grouped ? o.GroupId : "pulse-alerts-ungrouped", // never joined nor committed without a group
            EnableAutoCommit = grouped,
            AutoOffsetReset = o.FromBeginning ? AutoOffsetReset.Earliest : AutoOffsetReset.Latest,
            IsolationLevel = IsolationLevel.ReadCommitted,
        };
        return new ConsumerBuilder<byte[], byte[]>(config)
            // librdkafka's own lines about each failed connection are detail: the watch says once that the connection is lost.
            .SetLogHandler((_, m) => logger.LogDebug("librdkafka {Client} {Facility}: {KafkaMessage}", m.Name, m.Facility, m.Message))
            .SetErrorHandler((_, e) =>
            {
                if (e.IsFatal) Fail($"Kafka {kafka.Value.BootstrapServers}: {e.Reason}", null);
                else _connection.OnError(e);
            })
            .Build();
    }

    /// <summary>Subscribes (in a group) or assigns every partition; false when a topic is missing.</summary>
    private bool Start(IConsumer<byte[], byte[]> consumer, AlertTailOptions o, string[] names)
    {
        if (!string.IsNullOrEmpty(o.GroupId))
        {
            consumer.Subscribe(names);
            LogTailing(logger, string.Join(", ", names), $"in group {o.GroupId}", o.FromBeginning ? "from the beginning where the group has no offsets" : "from where the group left off, else new events");
            return true;
        }
        // Metadata for all topics: asking for one by name can make a broker create it. A broker unreachable from the start
        // gets the same time as one lost later (AlertTail:GiveUpAfter).
        using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
        DurationTextOr(o.GiveUpAfter, out var giveUp);
        Confluent.Kafka.Metadata metadata;
        try
        {
            metadata = admin.GetMetadata(giveUp);
        }
        catch (KafkaException e) when (e.Error.Code is ErrorCode.Local_Transport or ErrorCode.Local_TimedOut or ErrorCode.Local_AllBrokersDown)
        {
            Fail($"Kafka {kafka.Value.BootstrapServers} has been unreachable for {Simulator.Internal.DurationText.Format(giveUp)} (AlertTail:GiveUpAfter); giving up.", e);
            return false;
        }
        var partitions = new List<TopicPartitionOffset>();
        foreach (var name in names)
        {
            var topic = metadata.Topics.Find(t => t.Topic == name);
            var missing = topic is null || topic.Error.IsError || topic.Partitions.Count == 0;
            if (missing && name == vitals.Value.Topics.DispatchOrders && name != vitals.Value.Topics.Dispatch)
            {
                LogNoOrders(logger, name); // a pipeline without dispatch: the alerts still print
                continue;
            }
            if (missing)
            {
                Fail($"Topic '{name}' does not exist on {kafka.Value.BootstrapServers}; create the pipeline's topics with 'pulse init' (or use 'pulse broker').", null);
                return false;
            }
            partitions.AddRange(topic!.Partitions.Select(p => new TopicPartitionOffset(name, p.PartitionId, o.FromBeginning ? Offset.Beginning : Offset.End)));
        }
        consumer.Assign(partitions);
        LogTailing(logger, string.Join(", ", names), $"{partitions.Count} partitions, no group", o.FromBeginning ? "from the beginning" : "new events only");
        return true;
    }

    private void Print(ConsumeResult<byte[], byte[]> record, IDeserializer<Alert> deserializer)
    {
        var (json, partition, offset) = (options.Value.Json, record.Partition.Value, record.Offset.Value);
        var line = record.Topic == vitals.Value.Topics.DispatchOrders && record.Topic != vitals.Value.Topics.Dispatch
            ? Read(record, _orders) is { } order ? json ? OrderLine.Json(order, record.Topic, partition, offset) : OrderLine.Text(order) : null
            : Read(record, deserializer) is { } alert ? json ? AlertLine.Json(alert, record.Topic, partition, offset) : AlertLine.Text(alert) : null;
        if (line is null) return;
        Output.WriteLine(line);
        Interlocked.Increment(ref _printed);
    }

    /// <summary>The record's value, or null for a tombstone or a value that does not read (logged and skipped).</summary>
    private T? Read<T>(ConsumeResult<byte[], byte[]> record, IDeserializer<T> deserializer)
        where T : class
    {
        try
        {
            return deserializer.Deserialize(record.Message.Value, record.Message.Value is null,
                new SerializationContext(MessageComponentType.Value, record.Topic, record.Message.Headers));
        }
        catch (AvroPayloadException e)
        {
            LogSkipped(logger, record.Topic, record.Partition.Value, record.Offset.Value, e.Message);
            return null;
        }
    }

    private static void DurationTextOr(string text, out TimeSpan duration)
    {
        if (!Simulator.Internal.DurationText.TryParse(text, out duration)) duration = TimeSpan.FromMinutes(5);
    }

    private void Fail(string message, Exception? cause)
    {
        _fault ??= new InvalidOperationException(message, cause);
        LogFailed(logger, message);
        lifetime.StopApplication();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Tailing {Topics} ({How}), {From}")]
    private static partial void LogTailing(ILogger logger, string topics, string how, string from);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped {Topic}[{Partition}]@{Offset}: not an alert or order event ({Reason})")]
    private static partial void LogSkipped(ILogger logger, string topic, int partition, long offset, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "No topic '{Topic}': dispatch orders are not printed")]
    private static partial void LogNoOrders(ILogger logger, string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consume error: {Reason}")]
    private static partial void LogConsumeError(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Problem}")]
    private static partial void LogFailed(ILogger logger, string problem);
}
