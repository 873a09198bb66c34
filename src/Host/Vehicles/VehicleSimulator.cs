using System.Collections.Concurrent;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using pulse.vitals;
using Pulse.Host.Configuration;
using Pulse.Schemas;
using Pulse.Vitals;

namespace Pulse.Host.Vehicles;

/// <summary>
/// <c>pulse simulate vehicles</c>: publishes <see cref="VehiclePosition"/>s to <c>vehicles.positions</c> (key: vehicle id) with an
/// idempotent producer. Random mode: a <see cref="VehicleFleet"/> reporting every <see cref="VehicleSimulatorPlan.Interval"/> of the
/// clock (the demo's patient clock), its vehicles sent to patients by the ASSIGNED orders it reads from <c>dispatch.orders</c>
/// (every partition, from the end at start, no group). CSV mode: the file's rows in file order, then the end. Stops its host when done;
/// <see cref="Fault"/> says why it failed (rows that could not be read, positions not delivered).
/// </summary>
internal sealed partial class VehicleSimulator(
    VehicleSimulatorPlan plan, IOptions<KafkaOptions> kafka, IOptions<VitalsTopics> topics, ISchemaRegistryClient registry, TimeProvider time,
    ILogger<VehicleSimulator> logger, IHostApplicationLifetime lifetime) : BackgroundService
{
    private readonly ConcurrentQueue<DispatchOrder> _orders = new();
    private long _published;
    private long _rejected;
    private long _failed;

    public Exception? Fault { get; private set; }

    /// <summary>Positions acknowledged by Kafka so far.</summary>
    public long Published => Interlocked.Read(ref _published);

    /// <summary>Orders that sent a vehicle of this fleet.</summary>
    public long OrdersTaken { get; private set; }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(() => RunAsync(stoppingToken), CancellationToken.None);

    private async Task RunAsync(CancellationToken stop)
    {
        try
        {
            using var producer = new ProducerBuilder<string, VehiclePosition>(new ProducerConfig(new Dictionary<string, string>(kafka.Value.Properties))
            {
                BootstrapServers = kafka.Value.BootstrapServers, EnableIdempotence = true, LingerMs = 5,
            }).SetValueSerializer(AvroSerdes.Serializer<VehiclePosition>(registry))
                .SetLogHandler((_, m) => logger.LogDebug("librdkafka {Client} {Facility}: {KafkaMessage}", m.Name, m.Facility, m.Message))
                .Build();
            if (plan.Csv) Replay(producer, stop);
            else await CruiseAsync(producer, stop).ConfigureAwait(false);
            var left = producer.Flush(TimeSpan.FromSeconds(20));
            if (Interlocked.Read(ref _failed) > 0 || left > 0)
                Fault = new InvalidOperationException($"{Interlocked.Read(ref _failed) + left} vehicle positions were not delivered to {topics.Value.VehiclePositions}.");
            else if (_rejected > 0)
                Fault = new InvalidOperationException($"{_rejected} row(s) of {plan.CsvPath} could not be read (each is logged with its line).");
            LogDone(logger, Published, topics.Value.VehiclePositions, OrdersTaken);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // stopped
        }
        catch (Exception e) when (e is KafkaException or IOException or InvalidDataException)
        {
            Fault = e;
            LogFailed(logger, e.Message);
        }
        finally
        {
            if (!stop.IsCancellationRequested) lifetime.StopApplication();
        }
    }

    private void Replay(IProducer<string, VehiclePosition> producer, CancellationToken stop)
    {
        LogStarting(logger, $"replaying {plan.CsvPath}", topics.Value.VehiclePositions);
        foreach (var (position, line, problem) in VehicleCsv.Read(plan.CsvPath!))
        {
            stop.ThrowIfCancellationRequested();
            if (position is null)
            {
                _rejected++;
                LogRejected(logger, plan.CsvPath!, line, problem!);
                continue;
            }
            Produce(producer, position);
        }
    }

    private async Task CruiseAsync(IProducer<string, VehiclePosition> producer, CancellationToken stop)
    {
        var fleet = new VehicleFleet(plan);
        LogStarting(logger, $"{plan.Count} vehicles within {plan.RadiusKm} km of {plan.Latitude},{plan.Longitude} every {plan.Interval.TotalSeconds:0.#} s (seed {plan.Seed})",
            topics.Value.VehiclePositions);
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var orders = Task.Factory.StartNew(() => ReadOrders(reading.Token), reading.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var started = time.GetTimestamp();
        var last = time.GetUtcNow();
        using var timer = new PeriodicTimer(plan.Interval, time);
        try
        {
            foreach (var position in fleet.Step(last, TimeSpan.Zero)) Produce(producer, position);
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                while (_orders.TryDequeue(out var order))
                    if (fleet.Take(order)) OrdersTaken++;
                var now = time.GetUtcNow();
                foreach (var position in fleet.Step(now, now - last)) Produce(producer, position);
                last = now;
                if (plan.Duration is { } d && time.GetElapsedTime(started) >= d) break;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Ctrl+C or the demo's end
        }
        await reading.CancelAsync().ConfigureAwait(false);
        await orders.ConfigureAwait(false);
    }

    private void Produce(IProducer<string, VehiclePosition> producer, VehiclePosition position)
    {
        producer.Produce(topics.Value.VehiclePositions, new Message<string, VehiclePosition>
        {
            Key = position.vehicle_id, Value = position, Timestamp = new Timestamp(position.timestamp, TimestampType.CreateTime),
        }, report =>
        {
            if (report.Error.IsError) Interlocked.Increment(ref _failed);
            else Interlocked.Increment(ref _published);
        });
    }

    /// <summary>Reads <c>dispatch.orders</c> from its end until stopped; a record that does not read is skipped.</summary>
    private void ReadOrders(CancellationToken stop)
    {
        var deserializer = AvroSerdes.Deserializer<DispatchOrder>(registry);
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig(new Dictionary<string, string>(kafka.Value.Properties))
        {
            BootstrapServers = kafka.Value.BootstrapServers, GroupId = "pulse-vehicles-ungrouped", EnableAutoCommit = false,
            IsolationLevel = IsolationLevel.ReadCommitted,
        }).SetLogHandler((_, m) => logger.LogDebug("librdkafka {Client} {Facility}: {KafkaMessage}", m.Name, m.Facility, m.Message)).Build();
        using (var admin = new DependentAdminClientBuilder(consumer.Handle).Build())
        {
            var topic = admin.GetMetadata(TimeSpan.FromSeconds(30)).Topics.Find(t => t.Topic == topics.Value.DispatchOrders);
            if (topic is null || topic.Partitions.Count == 0)
            {
                LogNoOrders(logger, topics.Value.DispatchOrders);
                return;
            }
            consumer.Assign(topic.Partitions.Select(p => new TopicPartitionOffset(topic.Topic, p.PartitionId, Offset.End)));
        }
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { Message.Value: { } value } record)
                    _orders.Enqueue(deserializer.Deserialize(value, false, new SerializationContext(MessageComponentType.Value, record.Topic)));
            }
            catch (Exception e) when (e is ConsumeException or AvroPayloadException)
            {
                LogOrderSkipped(logger, e.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Vehicles: {What}; publishing to {Topic}")]
    private static partial void LogStarting(ILogger logger, string what, string topic);

    [LoggerMessage(Level = LogLevel.Information, Message = "Vehicles: {Published} positions published to {Topic}; {Orders} orders taken")]
    private static partial void LogDone(ILogger logger, long published, string topic, long orders);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{File} line {Line}: {Problem}; row skipped")]
    private static partial void LogRejected(ILogger logger, string file, long line, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Topic '{Topic}' does not exist: vehicles cruise but no order sends them anywhere")]
    private static partial void LogNoOrders(ILogger logger, string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "An order could not be read: {Reason}")]
    private static partial void LogOrderSkipped(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Vehicles: {Problem}")]
    private static partial void LogFailed(ILogger logger, string problem);
}
