using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Pulse.Streams.Internal.Runtime.Standby;

/// <summary>
/// One per instance while <see cref="Membership"/> runs: publishes this instance's heartbeat to the members
/// topic (at once when its stream threads' tasks change, and every <see cref="StreamsConfig.MembershipHeartbeatInterval"/>),
/// reads the topic into the <see cref="MembershipView"/>, keeps the standby tasks the placement gives this
/// instance, and applies their changelogs. One consumer, in no group, is assigned the members partition and
/// every standby changelog partition; records are applied in batches of up to 10,000 through the stores'
/// restore callbacks; standbys checkpoint once enough was applied (checked every commit interval) and on close.
/// Life: started with the instance, before its stream threads; a clean stop closes the standbys
/// (checkpointed) and publishes a tombstone, so the others see it leave at once; a kill does neither.
/// </summary>
internal sealed class MembershipThread
{
    private const int MaxRecordsPerPass = 10_000;
    private static readonly TimeSpan LagRefresh = TimeSpan.FromSeconds(1);
    private readonly RuntimeContext _runtime;
    private readonly Membership _membership;
    private readonly Action<Exception> _onFailure;
    private readonly ILogger _logger;
    private readonly Thread _thread;
    private readonly TimeProvider _clock;
    private volatile bool _stopRequested;
    private volatile bool _killed;
    private long _membersNext = Offset.Beginning.Value;

    public MembershipThread(RuntimeContext runtime, Membership membership, Action<Exception> onFailure)
    {
        _runtime = runtime;
        _membership = membership;
        _onFailure = onFailure;
        _clock = runtime.Config.TimeProvider;
        _logger = runtime.Config.LoggerFactory.CreateLogger("Pulse.Streams.MembershipThread");
        Name = membership.ThreadName;
        _thread = new Thread(Run) { Name = Name, IsBackground = true };
    }

    public string Name { get; }

    public void Start() => _thread.Start();

    /// <summary>Asks the thread to close its standbys (checkpointed), leave the members topic and end.</summary>
    public void RequestStop() => _stopRequested = true;

    /// <summary>Stops as a crash would: no checkpoint, no tombstone.</summary>
    public void Kill()
    {
        _killed = true;
        _stopRequested = true;
    }

    public bool Join(TimeSpan timeout) => _thread.Join(timeout);

    private void Run()
    {
        var clientLogger = _runtime.Config.LoggerFactory.CreateLogger(KafkaClientLogging.Category);
        using var consumer = new ConsumerBuilder<byte[], byte[]>(ClientConfigs.MembershipConsumer(_runtime, Name + "-consumer")).LogTo(clientLogger).Build();
        using var producer = new ProducerBuilder<byte[], byte[]?>(ClientConfigs.MembershipProducer(_runtime, Name + "-producer")).LogTo(clientLogger).Build();
        var tasks = _membership.Tasks;
        try
        {
            consumer.Assign(Assignment());
            Loop(consumer, producer);
            if (!_killed)
            {
                tasks.CloseAll(clean: true);
                Leave(producer);
            }
        }
        catch (Exception ex) when (!_killed)
        {
            _logger.LogError(ex, "Membership thread {Thread} failed", Name);
            tasks.CloseAll(clean: false);
            _onFailure(ex);
        }
        finally
        {
            if (_killed) tasks.CloseAll(clean: false);
            _membership.Dispose(); // lets go of the instance id only once nothing more is published under it
        }
    }

    private void Loop(IConsumer<byte[], byte[]> consumer, IProducer<byte[], byte[]?> producer)
    {
        var tasks = _membership.Tasks;
        var config = _runtime.Config;
        var heartbeatMs = (long)config.MembershipHeartbeatInterval.TotalMilliseconds;
        long nextHeartbeat = 0, nextPlacement = 0, nextLag = 0;
        int publishedClaims = -1, placedClaims = -1, placedView = -1;
        var lastCheckpoint = Environment.TickCount64;
        while (!_stopRequested)
        {
            tasks.Apply(Poll(consumer));
            // One clock for all of it: the TimeProvider's schedules the heartbeats, stamps them and judges their age,
            // so a clock that runs faster or slower than the wall clock (a demo's) never makes a live member look gone.
            var tick = NowMs();
            var claims = tasks.ClaimsVersion;
            if (claims != publishedClaims || tick >= nextHeartbeat)
            {
                Publish(producer, _membership.Self(NowMs()));
                (publishedClaims, nextHeartbeat) = (claims, tick + heartbeatMs);
            }
            var reassign = tasks.TakeReleased();
            if (_membership.View.Version != placedView || claims != placedClaims || tick >= nextPlacement)
            {
                (placedView, placedClaims, nextPlacement) = (_membership.View.Version, claims, tick + heartbeatMs);
                reassign |= tasks.Reconcile(_membership.DesiredStandbys(NowMs()));
            }
            if (reassign) consumer.Assign(Assignment());
            if (Environment.TickCount64 - lastCheckpoint >= (long)config.CommitInterval.TotalMilliseconds)
            {
                tasks.Checkpoint(force: false);
                lastCheckpoint = Environment.TickCount64;
            }
            if (Environment.TickCount64 >= nextLag)
            {
                _membership.Lag = MeasureLag(consumer);
                nextLag = Environment.TickCount64 + (long)LagRefresh.TotalMilliseconds;
            }
        }
    }

    /// <summary>Takes up to <see cref="MaxRecordsPerPass"/> records (waiting up to 100 ms for the first); member records go to the view at once, changelog records are returned.</summary>
    private List<ConsumeResult<byte[], byte[]>> Poll(IConsumer<byte[], byte[]> consumer)
    {
        var changelogRecords = new List<ConsumeResult<byte[], byte[]>>();
        var record = consumer.Consume(TimeSpan.FromMilliseconds(100));
        for (var n = 1; record is not null; n++)
        {
            if (record.Topic == _membership.Topic)
            {
                _membersNext = record.Offset.Value + 1;
                if (record.Message.Key is { } key)
                    _membership.View.Apply(System.Text.Encoding.UTF8.GetString(key), MemberRecord.Decode(key, record.Message.Value));
            }
            else changelogRecords.Add(record);
            if (n >= MaxRecordsPerPass || _stopRequested) break;
            record = consumer.Consume(TimeSpan.Zero);
        }
        return changelogRecords;
    }

    /// <summary>The members partition from where it is read up to, and every standby changelog from its position.</summary>
    private List<TopicPartitionOffset> Assignment() =>
        [new TopicPartitionOffset(_membership.Topic, 0, new Offset(_membersNext)), .. _membership.Tasks.Assignment()];

    private void Publish(IProducer<byte[], byte[]?> producer, MemberRecord self) =>
        producer.Produce(_membership.Topic, new Message<byte[], byte[]?> { Key = MemberRecord.EncodeKey(self.InstanceId), Value = self.EncodeValue() }, Delivered);

    /// <summary>A tombstone: the others drop this instance at once instead of after the membership timeout.</summary>
    private void Leave(IProducer<byte[], byte[]?> producer)
    {
        producer.Produce(_membership.Topic, new Message<byte[], byte[]?> { Key = MemberRecord.EncodeKey(_membership.InstanceId), Value = null }, Delivered);
        if (producer.Flush(TimeSpan.FromSeconds(10)) > 0)
            _logger.LogWarning("{Thread} could not publish that it leaves; the others drop it after {Timeout}", Name, _runtime.Config.MembershipTimeout);
    }

    private void Delivered(DeliveryReport<byte[], byte[]?> report)
    {
        // A lost heartbeat is made good by the next one; the others only see this instance a little later.
        if (report.Error.IsError) _logger.LogWarning("{Thread} could not publish to {Topic}: {Reason}", Name, _membership.Topic, report.Error.Reason);
    }

    /// <summary>
    /// High watermark minus the next offset to apply, per standby store, from the consumer's local state (no broker
    /// call). Runs between polls, when everything consumed is applied, so the consumer's position, which also
    /// steps over transaction markers, counts as applied.
    /// </summary>
    private List<StandbyLag> MeasureLag(IConsumer<byte[], byte[]> consumer)
    {
        var lags = new List<StandbyLag>();
        foreach (var (task, store, changelog, position) in _membership.Tasks.Positions())
        {
            var watermarks = consumer.GetWatermarkOffsets(changelog);
            if (watermarks.High.IsSpecial) continue;
            var next = Math.Max(position ?? (watermarks.Low.IsSpecial ? 0 : watermarks.Low.Value), ConsumerPosition(consumer, changelog));
            lags.Add(new StandbyLag(task, store, Math.Max(0, watermarks.High.Value - next)));
        }
        return lags;
    }

    private static long ConsumerPosition(IConsumer<byte[], byte[]> consumer, TopicPartition partition)
    {
        try
        {
            var offset = consumer.Position(partition);
            return offset.IsSpecial ? -1 : offset.Value;
        }
        catch (KafkaException)
        {
            return -1; // not assigned yet
        }
    }

    private long NowMs() => _clock.GetUtcNow().ToUnixTimeMilliseconds();
}
