using System.Runtime.InteropServices;
using System.Text;
using Confluent.Kafka;
using Pulse.Streams.Testing.Internal;
using static Pulse.Streams.Testing.Internal.LibRdKafkaNative;

namespace Pulse.Streams.Testing;

/// <summary>
/// A Kafka cluster inside the process, for tests and demos: librdkafka's mock cluster, reached over
/// TCP on localhost by any Confluent.Kafka client, with fault injection.
/// <para>Use: <c>using var cluster = EmbeddedKafkaCluster.Start(brokers: 3);</c>, then
/// <c>cluster.CreateTopic("in", partitions: 6);</c> and point clients at
/// <see cref="BootstrapServers"/>. Faults: <see cref="SetBrokerDown"/>/<see cref="SetBrokerUp"/>,
/// <see cref="PushRequestErrors"/>, <see cref="SetPartitionLeader"/>,
/// <see cref="SetBrokerRoundTripTime"/>.</para>
/// <para>What the mock does: produce (idempotent, transactional), fetch (read_committed too), consumer
/// groups and offset commits. What it does not: the CreateTopics and DescribeConfigs admin requests
/// time out (create topics here, before a client's metadata request auto-creates them with the
/// default partition count); no log compaction; offsets sent in a transaction
/// (<c>SendOffsetsToTransaction</c>) are accepted but not stored; each partition keeps at most 5 MiB
/// or 100,000 batches and silently drops the oldest.</para>
/// Every member is thread-safe. Dispose the cluster after its clients: it stops its brokers.
/// </summary>
public sealed class EmbeddedKafkaCluster : IDisposable
{
    private EmbeddedTopicCreator? _topicCreator;
    /// <summary>The group initial rebalance delay <see cref="Start"/> sets: groups form at once.</summary>
    public static readonly TimeSpan DefaultGroupInitialRebalanceDelay = TimeSpan.Zero;

    private const int ErrorBufferSize = 512;

    // Guards the two handles: no native call runs concurrently with, or after, Dispose.
    private readonly Lock _gate = new();
    private nint _owner;   // rd_kafka_t* that owns the cluster's bookkeeping
    private nint _cluster; // rd_kafka_mock_cluster_t*; zero once disposed

    private EmbeddedKafkaCluster(nint owner, nint cluster, int brokerCount, string bootstrapServers)
    {
        _owner = owner;
        _cluster = cluster;
        BrokerCount = brokerCount;
        BootstrapServers = bootstrapServers;
    }

    /// <summary>The brokers' addresses (<c>127.0.0.1:port,…</c>) for a client's <c>bootstrap.servers</c>.</summary>
    public string BootstrapServers { get; }

    /// <summary>How many brokers the cluster has; their ids run from 1 to this number.</summary>
    public int BrokerCount { get; }

    /// <summary>
    /// Starts a cluster of <paramref name="brokers"/> brokers listening on free localhost ports, with
    /// a group initial rebalance delay of <see cref="DefaultGroupInitialRebalanceDelay"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="brokers"/> is less than 1.</exception>
    /// <exception cref="KafkaException">librdkafka could not create the cluster.</exception>
    public static EmbeddedKafkaCluster Start(int brokers = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokers, 1);
        EnsureBound();
        var owner = CreateOwner();
        var cluster = rd_kafka_mock_cluster_new(owner, brokers);
        if (cluster == 0)
        {
            rd_kafka_destroy(owner);
            throw new KafkaException(new Error(ErrorCode.Local_Fail, "librdkafka could not create a mock cluster."));
        }
        var bootstraps = Marshal.PtrToStringUTF8(rd_kafka_mock_cluster_bootstraps(cluster)) ?? string.Empty;
        rd_kafka_mock_group_initial_rebalance_delay_ms(cluster, (int)DefaultGroupInitialRebalanceDelay.TotalMilliseconds);
        return new EmbeddedKafkaCluster(owner, cluster, brokers, bootstraps);
    }

    /// <summary>
    /// Creates a topic. Create topics before clients use them: a client's metadata request for an
    /// unknown topic makes the mock create it with its default partition count.
    /// </summary>
    /// <exception cref="KafkaException">The cluster refused (for example, the topic exists).</exception>
    public void CreateTopic(string name, int partitions, int replicationFactor = 1)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(replicationFactor, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(replicationFactor, BrokerCount);
        lock (_gate)
        {
            Check(rd_kafka_mock_topic_create(Cluster, name, partitions, replicationFactor), $"create topic '{name}'");
        }
    }

    /// <summary>
    /// Disconnects broker <paramref name="brokerId"/> and refuses new connections to it. Its
    /// partitions keep it as leader (no election), so clients wait and retry until
    /// <see cref="SetBrokerUp"/>.
    /// </summary>
    public void SetBrokerDown(int brokerId)
    {
        CheckBrokerId(brokerId);
        lock (_gate)
        {
            Check(rd_kafka_mock_broker_set_down(Cluster, brokerId), $"set broker {brokerId} down");
        }
    }

    /// <summary>Makes broker <paramref name="brokerId"/> accept connections again.</summary>
    public void SetBrokerUp(int brokerId)
    {
        CheckBrokerId(brokerId);
        lock (_gate)
        {
            Check(rd_kafka_mock_broker_set_up(Cluster, brokerId), $"set broker {brokerId} up");
        }
    }

    /// <summary>Delays every response of broker <paramref name="brokerId"/> by <paramref name="roundTripTime"/>.</summary>
    public void SetBrokerRoundTripTime(int brokerId, TimeSpan roundTripTime)
    {
        CheckBrokerId(brokerId);
        ArgumentOutOfRangeException.ThrowIfLessThan(roundTripTime, TimeSpan.Zero);
        lock (_gate)
        {
            Check(rd_kafka_mock_broker_set_rtt(Cluster, brokerId, checked((int)roundTripTime.TotalMilliseconds)),
                $"set broker {brokerId} round-trip time");
        }
    }

    /// <summary>
    /// Makes broker <paramref name="brokerId"/> the leader of <paramref name="topic"/>-<paramref name="partition"/>,
    /// or, with -1, leaves the partition without a leader. Creates the topic if it does not exist.
    /// </summary>
    public void SetPartitionLeader(string topic, int partition, int brokerId)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentOutOfRangeException.ThrowIfLessThan(partition, 0);
        if (brokerId != -1) CheckBrokerId(brokerId);
        lock (_gate)
        {
            Check(rd_kafka_mock_partition_set_leader(Cluster, topic, partition, brokerId),
                $"set the leader of {topic}-{partition} to {brokerId}");
        }
    }

    /// <summary>
    /// Fails the next <paramref name="errors"/>.Length requests of type <paramref name="apiKey"/> (see
    /// <see cref="KafkaApiKeys"/>) with these codes, in order, whichever broker receives them.
    /// <see cref="ErrorCode.Local_Transport"/> makes the broker drop the connection instead.
    /// </summary>
    public unsafe void PushRequestErrors(short apiKey, params ErrorCode[] errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentOutOfRangeException.ThrowIfNegative(apiKey);
        if (errors.Length == 0) return;
        var codes = Array.ConvertAll(errors, e => (int)e);
        lock (_gate)
        {
            var cluster = Cluster;
            fixed (int* p = codes)
            {
                rd_kafka_mock_push_request_errors_array(cluster, apiKey, (nuint)codes.Length, p);
            }
        }
    }

    /// <summary>Drops the errors still pushed for requests of type <paramref name="apiKey"/>.</summary>
    public void ClearRequestErrors(short apiKey)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(apiKey);
        lock (_gate)
        {
            rd_kafka_mock_clear_request_errors(Cluster, apiKey);
        }
    }

    /// <summary>
    /// Sets how long a consumer group created from now on waits for more members before its first
    /// rebalance (Kafka's <c>group.initial.rebalance.delay.ms</c>; brokers default to 3 s).
    /// </summary>
    public void SetGroupInitialRebalanceDelay(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        lock (_gate)
        {
            rd_kafka_mock_group_initial_rebalance_delay_ms(Cluster, checked((int)delay.TotalMilliseconds));
        }
    }

    /// <summary>
    /// Creates internal topics on this cluster: set it as <see cref="StreamsConfig.TopicCreator"/>
    /// of applications that run against it.
    /// </summary>
    public ITopicCreator TopicCreator
    {
        get
        {
            lock (_gate) return _topicCreator ??= new EmbeddedTopicCreator(this);
        }
    }

    /// <summary>Stops the brokers (clients see disconnects) and frees the cluster. Idempotent.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _topicCreator?.Dispose();
            _topicCreator = null;
            if (_cluster == 0) return;
            rd_kafka_mock_cluster_destroy(_cluster);
            rd_kafka_destroy(_owner);
            _cluster = 0;
            _owner = 0;
        }
    }

    private nint Cluster
    {
        get
        {
            ObjectDisposedException.ThrowIf(_cluster == 0, this);
            return _cluster;
        }
    }

    private void CheckBrokerId(int brokerId)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokerId, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(brokerId, BrokerCount);
    }

    private static void Check(int error, string action)
    {
        if (error != 0) throw new KafkaException(new Error((ErrorCode)error, $"Embedded Kafka cluster: could not {action}: {(ErrorCode)error}."));
    }

    /// <summary>The client handle librdkafka needs to own a mock cluster; it never connects anywhere.</summary>
    private static unsafe nint CreateOwner()
    {
        var conf = rd_kafka_conf_new();
        var errstr = stackalloc byte[ErrorBufferSize];
        // log_level 4 (warning) hides the notice that this client has no bootstrap.servers.
        foreach (var (name, value) in (ReadOnlySpan<(string, string)>)[("client.id", "pulse-embedded-kafka"), ("log_level", "4")])
        {
            if (rd_kafka_conf_set(conf, name, value, errstr, ErrorBufferSize) == ConfOk) continue;
            rd_kafka_conf_destroy(conf);
            throw new KafkaException(new Error(ErrorCode.Local_Fail, ErrorText(errstr)));
        }
        var rk = rd_kafka_new(ProducerType, conf, errstr, ErrorBufferSize);
        if (rk == 0)
        {
            rd_kafka_conf_destroy(conf); // rd_kafka_new frees the conf only on success
            throw new KafkaException(new Error(ErrorCode.Local_Fail, "librdkafka could not create the cluster's owner: " + ErrorText(errstr)));
        }
        return rk;
    }

    private static unsafe string ErrorText(byte* errstr) =>
        Encoding.UTF8.GetString(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(errstr));
}
