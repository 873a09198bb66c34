using System.Runtime.InteropServices;
using Pulse.Streams.Internal.Kafka;

namespace Pulse.Streams.Testing.Internal;

/// <summary>
/// The few librdkafka entry points the embedded cluster needs: a client handle to own the mock cluster,
/// and the mock cluster API of <c>rdkafka_mock.h</c> (experimental in librdkafka, checked against 2.16).
/// <para>Invariant: every call binds to the copy <see cref="NativeLibraryLoader"/> loaded, the one
/// Confluent.Kafka uses; <see cref="EnsureBound"/> must run before the first call.</para>
/// Pointers are <see cref="nint"/>: <c>rd_kafka_conf_t*</c>, <c>rd_kafka_t*</c>,
/// <c>rd_kafka_mock_cluster_t*</c>. <c>rd_kafka_resp_err_t</c> is a C enum, an <see cref="int"/> with
/// Confluent's <c>ErrorCode</c> values.
/// </summary>
internal static partial class LibRdKafkaNative
{
    private const string Lib = NativeLibraryLoader.LibraryName;

    /// <summary><c>RD_KAFKA_PRODUCER</c> of <c>rd_kafka_type_t</c>.</summary>
    internal const int ProducerType = 0;

    /// <summary><c>RD_KAFKA_CONF_OK</c> of <c>rd_kafka_conf_res_t</c>.</summary>
    internal const int ConfOk = 0;

    private static readonly Lazy<bool> Bound = new(() =>
    {
        NativeLibraryLoader.ResolveImportsOf(typeof(LibRdKafkaNative).Assembly);
        return true;
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Loads librdkafka (once) and binds this assembly's imports to it.</summary>
    internal static void EnsureBound() => _ = Bound.Value;

    // rdkafka.h

    [LibraryImport(Lib)]
    internal static partial nint rd_kafka_conf_new();

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static unsafe partial int rd_kafka_conf_set(nint conf, string name, string value, byte* errstr, nuint errstrSize);

    [LibraryImport(Lib)]
    internal static partial void rd_kafka_conf_destroy(nint conf);

    /// <summary>Takes ownership of <paramref name="conf"/> on success only.</summary>
    [LibraryImport(Lib)]
    internal static unsafe partial nint rd_kafka_new(int type, nint conf, byte* errstr, nuint errstrSize);

    [LibraryImport(Lib)]
    internal static partial void rd_kafka_destroy(nint rk);

    // rdkafka_mock.h

    /// <summary>Broker ids run from 1 to <paramref name="brokerCount"/>.</summary>
    [LibraryImport(Lib)]
    internal static partial nint rd_kafka_mock_cluster_new(nint rk, int brokerCount);

    [LibraryImport(Lib)]
    internal static partial void rd_kafka_mock_cluster_destroy(nint mcluster);

    /// <summary>Returns a string owned by the cluster: copy it, never free it.</summary>
    [LibraryImport(Lib)]
    internal static partial nint rd_kafka_mock_cluster_bootstraps(nint mcluster);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int rd_kafka_mock_topic_create(nint mcluster, string topic, int partitionCount, int replicationFactor);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int rd_kafka_mock_partition_set_leader(nint mcluster, string topic, int partition, int brokerId);

    [LibraryImport(Lib)]
    internal static partial int rd_kafka_mock_broker_set_down(nint mcluster, int brokerId);

    [LibraryImport(Lib)]
    internal static partial int rd_kafka_mock_broker_set_up(nint mcluster, int brokerId);

    [LibraryImport(Lib)]
    internal static partial int rd_kafka_mock_broker_set_rtt(nint mcluster, int brokerId, int rttMs);

    /// <summary>The array form of the variadic <c>rd_kafka_mock_push_request_errors</c>.</summary>
    [LibraryImport(Lib)]
    internal static unsafe partial void rd_kafka_mock_push_request_errors_array(nint mcluster, short apiKey, nuint count, int* errors);

    [LibraryImport(Lib)]
    internal static partial void rd_kafka_mock_clear_request_errors(nint mcluster, short apiKey);

    /// <summary>Applies to groups the cluster creates afterwards (Kafka's broker default is 3000 ms).</summary>
    [LibraryImport(Lib)]
    internal static partial void rd_kafka_mock_group_initial_rebalance_delay_ms(nint mcluster, int delayMs);
}
