using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pulse.Streams.Errors;
using Pulse.Streams.Serialization;

namespace Pulse.Streams;

/// <summary>
/// Processing guarantees. In configuration they also read by Kafka's names, <c>at_least_once</c> and
/// <c>exactly_once_v2</c> (<see cref="ProcessingGuaranteeConverter"/>).
/// </summary>
[System.ComponentModel.TypeConverter(typeof(ProcessingGuaranteeConverter))]
public enum ProcessingGuarantee
{
    /// <summary>Offsets are committed after outputs are flushed: a crash may repeat records.</summary>
    AtLeastOnce,

    /// <summary>Outputs, store changes and offsets commit in one transaction per thread.</summary>
    ExactlyOnceV2,
}

/// <summary>
/// An application's configuration. Setters validate (an out-of-range value throws at once, naming
/// the setting); <see cref="Validate"/> checks what must be set before start.
/// Confluent's client configs pass through untouched for security and tuning.
/// </summary>
public sealed class StreamsConfig
{
    private string _applicationId = "";
    private TimeSpan? _commitInterval;
    private long _cacheMaxBytes = 10 * 1024 * 1024;
    private int _numStreamThreads = 1;
    private int _numStandbyReplicas;
    private TimeSpan _membershipHeartbeatInterval = TimeSpan.FromSeconds(2);
    private TimeSpan _membershipTimeout = TimeSpan.FromSeconds(10);
    private int _deadLetterQueueMaxPayloadBytes = DeadLetterPayload.DefaultMaxBytes;
    private object? _defaultKeySerde;
    private object? _defaultValueSerde;

    /// <summary>The application id: the consumer group, and the prefix of internal topics and state directories.</summary>
    public string ApplicationId
    {
        get => _applicationId;
        set
        {
            if (string.IsNullOrWhiteSpace(value) || value.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')))
                throw new StreamsConfigException($"{nameof(ApplicationId)} must be non-empty and use only ASCII letters, digits, '.', '_' and '-'; got '{value}'.");
            _applicationId = value;
        }
    }

    /// <summary>Kafka bootstrap servers (also settable through <see cref="Consumer"/>).</summary>
    public string? BootstrapServers { get; set; }

    /// <summary>Where persistent stores and checkpoints live; each application and task gets a folder below.</summary>
    public string StateDir { get; set; } = Path.Combine(Path.GetTempPath(), "pulse-streams");

    /// <summary>At-least-once (default) or exactly-once.</summary>
    public ProcessingGuarantee ProcessingGuarantee { get; set; } = ProcessingGuarantee.AtLeastOnce;

    /// <summary>Rewrites applied by <see cref="StreamsBuilder.Build(StreamsConfig)"/> (Kafka's <c>topology.optimization</c>; none by default).</summary>
    public TopologyOptimization TopologyOptimization { get; set; } = TopologyOptimization.None;

    /// <summary>
    /// How often an instance with sources subscribed by pattern looks for new matching topics (5 min by default, as Kafka's
    /// <c>metadata.max.age.ms</c>); a new one is added to the subscription, which rebalances the group.
    /// </summary>
    public TimeSpan TopicPatternRefreshInterval
    {
        get => _topicPatternRefreshInterval;
        set => _topicPatternRefreshInterval = value > TimeSpan.Zero ? value
            : throw new StreamsConfigException($"{nameof(TopicPatternRefreshInterval)} must be positive; got {value}.");
    }

    private TimeSpan _topicPatternRefreshInterval = TimeSpan.FromMinutes(5);

    /// <summary>How often tasks commit; 30 s by default, 100 ms under exactly-once, as in Kafka.</summary>
    public TimeSpan CommitInterval
    {
        get => _commitInterval ?? (ProcessingGuarantee == ProcessingGuarantee.ExactlyOnceV2 ? TimeSpan.FromMilliseconds(100) : TimeSpan.FromSeconds(30));
        set
        {
            if (value < TimeSpan.Zero) throw new StreamsConfigException($"{nameof(CommitInterval)} must not be negative; got {value}.");
            _commitInterval = value;
        }
    }

    /// <summary>
    /// How often, at most, a stream thread deletes the records of its repartition topics that it has consumed and committed (after a
    /// commit; Kafka's <c>repartition.purge.interval.ms</c>, 30 s by default). Repartition topics are created with unlimited
    /// retention, so this is what keeps them small. Zero purges after every commit.
    /// </summary>
    public TimeSpan RepartitionPurgeInterval
    {
        get => _repartitionPurgeInterval;
        set => _repartitionPurgeInterval = value >= TimeSpan.Zero ? value
            : throw new StreamsConfigException($"{nameof(RepartitionPurgeInterval)} must not be negative; got {value}.");
    }

    private TimeSpan _repartitionPurgeInterval = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a task that reads several partitions (a join, a merge) waits, once every empty one is caught up, for more
    /// data before it processes the others out of timestamp order (Kafka's <c>max.task.idle.ms</c>; 0 by default).
    /// Whatever the setting, a task does not process while an empty input partition may still hold fetched-but-undelivered
    /// records: it waits until the consumer reports that partition's end (or hears nothing of it for a second), so records
    /// produced before the application started are joined in timestamp order. <see cref="MaxTaskIdleDisabled"/> processes
    /// whatever is buffered at once, without waiting for any partition.
    /// </summary>
    public TimeSpan MaxTaskIdle
    {
        get => _maxTaskIdle;
        set => _maxTaskIdle = value >= TimeSpan.Zero || value == MaxTaskIdleDisabled ? value
            : throw new StreamsConfigException($"{nameof(MaxTaskIdle)} must not be negative (or {nameof(MaxTaskIdleDisabled)}); got {value}.");
    }

    /// <summary>The <see cref="MaxTaskIdle"/> that never waits for an empty partition (Kafka's <c>max.task.idle.ms = -1</c>).</summary>
    public static readonly TimeSpan MaxTaskIdleDisabled = TimeSpan.FromMilliseconds(-1);

    private TimeSpan _maxTaskIdle = TimeSpan.Zero;

    /// <summary>Bytes of record cache per thread, shared by its stores (Kafka's <c>statestore.cache.max.bytes</c>); 0 disables caching.</summary>
    public long CacheMaxBytes
    {
        get => _cacheMaxBytes;
        set
        {
            if (value < 0) throw new StreamsConfigException($"{nameof(CacheMaxBytes)} must not be negative; got {value}.");
            _cacheMaxBytes = value;
        }
    }

    /// <summary>Processing threads per instance.</summary>
    public int NumStreamThreads
    {
        get => _numStreamThreads;
        set
        {
            if (value < 1) throw new StreamsConfigException($"{nameof(NumStreamThreads)} must be at least 1; got {value}.");
            _numStreamThreads = value;
        }
    }

    /// <summary>
    /// Warm copies of each stateful task kept on other instances (Kafka's <c>num.standby.replicas</c>; default 0).
    /// A standby keeps a task's persistent stores in its state directory up to date from their changelogs,
    /// so when the task fails over to that instance only the tail of the changelog is restored. Instances
    /// find each other through the <c>&lt;application.id&gt;-members</c> topic (see <see cref="MembershipHeartbeatInterval"/>);
    /// with fewer other instances than replicas, each task gets as many as there are.
    /// </summary>
    public int NumStandbyReplicas
    {
        get => _numStandbyReplicas;
        set
        {
            if (value < 0) throw new StreamsConfigException($"{nameof(NumStandbyReplicas)} must not be negative; got {value}.");
            _numStandbyReplicas = value;
        }
    }

    /// <summary>
    /// How often an instance publishes its heartbeat (its active tasks and <see cref="ApplicationServer"/>) to the
    /// <c>&lt;application.id&gt;-members</c> topic, which places standby replicas and answers which instance holds a key;
    /// 2 s by default. Membership runs only with <see cref="NumStandbyReplicas"/> above 0 or <see cref="ApplicationServer"/> set.
    /// </summary>
    public TimeSpan MembershipHeartbeatInterval
    {
        get => _membershipHeartbeatInterval;
        set
        {
            if (value <= TimeSpan.Zero) throw new StreamsConfigException($"{nameof(MembershipHeartbeatInterval)} must be positive; got {value}.");
            _membershipHeartbeatInterval = value;
        }
    }

    /// <summary>
    /// How old an instance's last heartbeat may be for it to count as alive (10 s by default); an instance that
    /// closes cleanly leaves at once. Compared with the sender's <see cref="TimeProvider"/> clock, so instances'
    /// clocks must agree to well within this. Must exceed <see cref="MembershipHeartbeatInterval"/>.
    /// </summary>
    public TimeSpan MembershipTimeout
    {
        get => _membershipTimeout;
        set
        {
            if (value <= TimeSpan.Zero) throw new StreamsConfigException($"{nameof(MembershipTimeout)} must be positive; got {value}.");
            _membershipTimeout = value;
        }
    }

    /// <summary>The serde of keys where none is given: a <see cref="Serde{T}"/>.</summary>
    public object? DefaultKeySerde { get => _defaultKeySerde; set => _defaultKeySerde = CheckSerde(value, nameof(DefaultKeySerde)); }

    /// <summary>The serde of values where none is given: a <see cref="Serde{T}"/>.</summary>
    public object? DefaultValueSerde { get => _defaultValueSerde; set => _defaultValueSerde = CheckSerde(value, nameof(DefaultValueSerde)); }

    /// <summary>What to do with source records that do not deserialize (default: fail).</summary>
    public IDeserializationExceptionHandler DeserializationExceptionHandler { get; set; } = new LogAndFailExceptionHandler();

    /// <summary>What to do when a processor throws (default: fail).</summary>
    public IProcessingExceptionHandler ProcessingExceptionHandler { get; set; } = new LogAndFailExceptionHandler();

    /// <summary>What to do when an output cannot be serialized or produced (default: fail).</summary>
    public IProductionExceptionHandler ProductionExceptionHandler { get; set; } = new LogAndFailExceptionHandler();

    /// <summary>
    /// When set, a record that a handler answers <see cref="ErrorHandlerResponse.Continue"/> for is sent
    /// here with its original bytes and headers naming the error, source topic, partition and offset
    /// (see <see cref="DeadLetterHeaders"/>).
    /// </summary>
    public string? DeadLetterQueueTopic { get; set; }

    /// <summary>
    /// The largest value a dead letter carries (default <see cref="DeadLetterPayload.DefaultMaxBytes"/>, 512 KiB): a larger
    /// original is cut, with headers giving its size and SHA-256 (<see cref="DeadLetterPayload"/>), so a record too large
    /// to forward is still recorded. Keep it below the producer's <c>message.max.bytes</c>, less the headers.
    /// </summary>
    public int DeadLetterQueueMaxPayloadBytes
    {
        get => _deadLetterQueueMaxPayloadBytes;
        set => _deadLetterQueueMaxPayloadBytes = value >= 0 ? value
            : throw new StreamsConfigException($"{nameof(DeadLetterQueueMaxPayloadBytes)} must not be negative; got {value}.");
    }

    /// <summary>The clock of wall-clock punctuation and commit intervals.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Logging.</summary>
    public ILoggerFactory LoggerFactory { get; set; } = NullLoggerFactory.Instance;

    /// <summary>Hears changelog restore progress when tasks start (for logs and metrics).</summary>
    public State.IStateRestoreListener? StateRestoreListener { get; set; }

    /// <summary>
    /// Creates internal topics (changelogs, repartition topics); null uses the admin client.
    /// The embedded cluster gives its own, since its broker does not answer CreateTopics.
    /// </summary>
    public ITopicCreator? TopicCreator { get; set; }

    /// <summary>Replication factor of internal topics created with the admin client (-1: the broker's default).</summary>
    public short ReplicationFactor { get; set; } = -1;

    /// <summary>
    /// This instance's <c>host:port</c> for interactive queries, published with its tasks on the
    /// <c>&lt;application.id&gt;-members</c> topic so any instance can tell which one holds a key.
    /// </summary>
    public string? ApplicationServer { get; set; }

    /// <summary>RocksDB memory: one block cache and one write-buffer budget shared by every store in the process.</summary>
    public RocksDbSettings RocksDb { get; set; } = new();

    /// <summary>Consumer settings passed to librdkafka as they are (security, tuning).</summary>
    public ConsumerConfig Consumer { get; set; } = new();

    /// <summary>
    /// Topic configs for every internal topic Pulse creates, changelogs and repartition topics alike (Kafka's <c>topic.</c>-prefixed
    /// settings), for example <c>min.insync.replicas</c>, or a repartition topic's <c>retention.ms</c> where the application may not
    /// delete records: over Pulse's defaults, under a store's own changelog configs (<c>Materialized.WithLoggingEnabled</c>). Not
    /// <c>cleanup.policy</c>, which an internal topic's use decides. Topics that exist already are left as they are.
    /// </summary>
    public IDictionary<string, string> InternalTopicConfigs { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Producer settings passed to librdkafka as they are.</summary>
    public ProducerConfig Producer { get; set; } = new();

    /// <summary>Admin client settings passed to librdkafka as they are.</summary>
    public AdminClientConfig Admin { get; set; } = new();

    /// <summary>Checks what must be set before an application starts.</summary>
    /// <exception cref="StreamsConfigException">A setting is missing or inconsistent; the message names it.</exception>
    public void Validate()
    {
        if (string.IsNullOrEmpty(_applicationId))
            throw new StreamsConfigException($"{nameof(ApplicationId)} is required.");
        if (string.IsNullOrWhiteSpace(StateDir))
            throw new StreamsConfigException($"{nameof(StateDir)} is required.");
        if (InternalTopicConfigs is null)
            throw new StreamsConfigException($"{nameof(InternalTopicConfigs)} must not be null.");
        if (InternalTopicConfigs.ContainsKey("cleanup.policy"))
            throw new StreamsConfigException($"{nameof(InternalTopicConfigs)} cannot set cleanup.policy: changelogs are compacted and repartition topics deleted from.");
                if (MembershipTimeout <= MembershipHeartbeatInterval)
            throw new StreamsConfigException($"{nameof(MembershipTimeout)} ({MembershipTimeout}) must exceed {nameof(MembershipHeartbeatInterval)} ({MembershipHeartbeatInterval}).");
    }

    /// <summary>A shallow copy (client configs shared), for runtimes that adjust a setting of their own.</summary>
    internal StreamsConfig Clone() => (StreamsConfig)MemberwiseClone();

    internal Serde<T> KeySerde<T>(Serde<T>? explicitSerde, string where) => explicitSerde ?? Default<T>(_defaultKeySerde, nameof(DefaultKeySerde), where);

    internal Serde<T> ValueSerde<T>(Serde<T>? explicitSerde, string where) => explicitSerde ?? Default<T>(_defaultValueSerde, nameof(DefaultValueSerde), where);

    private static Serde<T> Default<T>(object? serde, string setting, string where) => serde switch
    {
        Serde<T> s => s,
        not null when WindowedOfDefault(serde) is Serde<T> windowed => windowed,
        not null when Internal.Dsl.ChangeSerde.OfDefault(serde, typeof(T)) is Serde<T> change => change,
        null => throw new StreamsConfigException($"No serde for {typeof(T).Name} at {where}: give one explicitly or set {setting}."),
        _ => throw new StreamsConfigException($"{setting} is a {serde.GetType().Name}, but {where} needs a Serde<{typeof(T).Name}>: give one explicitly."),
    };

    /// <summary>
    /// For a windowed key type whose inner type the default serde carries, the windowed serde over
    /// it (window ends unknown, so reported as long.MaxValue, as Kafka's default windowed serde).
    /// </summary>
    private static object? WindowedOfDefault(object serde)
    {
        var inner = serde.GetType().GetGenericArguments()[0];
        var method = typeof(WindowedSerdes).GetMethod(nameof(WindowedSerdes.TimeWindowed),
            System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;
        return method.MakeGenericMethod(inner).Invoke(null, [serde, long.MaxValue]);
    }

    private static object? CheckSerde(object? value, string setting)
    {
        if (value is not null && !(value.GetType().IsGenericType && value.GetType().GetGenericTypeDefinition() == typeof(Serde<>)))
            throw new StreamsConfigException($"{setting} must be a Serde<T>; got {value.GetType().Name}.");
        return value;
    }
}

/// <summary>RocksDB memory settings, shared by every RocksDB store in a process.</summary>
public sealed class RocksDbSettings
{
    private long _blockCacheBytes = 64L * 1024 * 1024;
    private long _writeBufferBytes = 32L * 1024 * 1024;

    /// <summary>The shared LRU block cache, in bytes (default 64 MiB).</summary>
    public long BlockCacheBytes
    {
        get => _blockCacheBytes;
        set => _blockCacheBytes = value > 0 ? value : throw new StreamsConfigException($"RocksDb.{nameof(BlockCacheBytes)} must be positive; got {value}.");
    }

    /// <summary>The shared memtable budget (a write-buffer manager charged to the block cache), in bytes (default 32 MiB).</summary>
    public long WriteBufferBytes
    {
        get => _writeBufferBytes;
        set => _writeBufferBytes = value > 0 ? value : throw new StreamsConfigException($"RocksDb.{nameof(WriteBufferBytes)} must be positive; got {value}.");
    }
}
