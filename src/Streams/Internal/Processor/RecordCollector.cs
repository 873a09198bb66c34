using Pulse.Streams.Processor;
using Confluent.Kafka;
using Pulse.Streams.Errors;
using Pulse.Streams.Serialization;

namespace Pulse.Streams.Internal.Processor;

/// <summary>Where a task's serialized output goes: a Kafka producer, or the test driver's topics.</summary>
internal interface IRecordSink
{
    /// <summary>The partition count of <paramref name="topic"/>, when known.</summary>
    int? PartitionsFor(string topic);

    /// <summary>Sends one record; a null partition lets the sink choose.</summary>
    void Send(string topic, int? partition, byte[]? key, byte[]? value, Headers? headers, long timestamp);

    /// <summary>Blocks until everything sent so far is acknowledged.</summary>
    void Flush();
}

/// <summary>
/// Serializes and sends every record a task produces: outputs, repartition records, changelog
/// records and dead letters all go through here, so they share ordering and transactions.
/// </summary>
internal sealed class RecordCollector(IRecordSink sink, TaskContext context)
{
    public void Send<TKey, TValue>(string topic, TKey key, TValue value, Headers? headers, long timestamp,
        Serde<TKey> keySerde, Serde<TValue> valueSerde, StreamPartitioner<TKey, TValue>? partitioner, string nodeName)
    {
        byte[]? keyBytes, valueBytes;
        try
        {
            keyBytes = context.SourceKeyBytes(key, keySerde) ?? keySerde.Serialize(key, new SerializationContext(MessageComponentType.Key, topic, headers));
            valueBytes = valueSerde.Serialize(value, new SerializationContext(MessageComponentType.Value, topic, headers));
        }
        catch (Exception ex) when (ex is not StreamsException)
        {
            context.Errors.HandleProductionError(nodeName, topic, ex);
            return;
        }

        int? partition = null;
        if (sink.PartitionsFor(topic) is int count and > 0)
        {
            partition = partitioner?.Invoke(topic, key, value, count);
            if (partition is int p && (p < 0 || p >= count))
                throw new StreamsException($"Partitioner of node '{nodeName}' chose partition {p} of topic '{topic}', which has {count}.");
            if (partition is null && keyBytes is not null) partition = count == 1 ? 0 : Murmur2.Partition(keyBytes, count);
        }
        try
        {
            sink.Send(topic, partition, keyBytes, valueBytes, headers, timestamp);
        }
        catch (ProduceException<byte[], byte[]> ex)
        {
            // The producer refused this record itself (too large, say): the production handler decides, as in Kafka.
            context.Errors.HandleProductionError(nodeName, topic, ex);
        }
    }

    /// <summary>Sends bytes as they are (changelogs, dead letters); a refusal throws (a changelog write must not be lost).</summary>
    public void SendRaw(string topic, int? partition, byte[]? key, byte[]? value, Headers? headers, long timestamp) =>
        sink.Send(topic, partition, key, value, headers, timestamp);

    public void Flush() => sink.Flush();
}

/// <summary>Kafka's default partitioner: murmur2 of the key bytes, made positive, modulo the partition count.</summary>
internal static class Murmur2
{
    public static int Partition(ReadOnlySpan<byte> key, int partitions) => (Hash(key) & 0x7fffffff) % partitions;

    public static int Hash(ReadOnlySpan<byte> data)
    {
        const uint m = 0x5bd1e995;
        const int r = 24;
        var length = data.Length;
        var h = 0x9747b28cu ^ (uint)length;
        var length4 = length / 4;
        for (var i = 0; i < length4; i++)
        {
            var i4 = i * 4;
            var k = data[i4] | ((uint)data[i4 + 1] << 8) | ((uint)data[i4 + 2] << 16) | ((uint)data[i4 + 3] << 24);
            k *= m;
            k ^= k >> r;
            k *= m;
            h *= m;
            h ^= k;
        }
        var tail = length & ~3;
        switch (length % 4)
        {
            case 3: h ^= (uint)data[tail + 2] << 16; goto case 2;
            case 2: h ^= (uint)data[tail + 1] << 8; goto case 1;
            case 1: h ^= data[tail]; h *= m; break;
        }
        h ^= h >> 13;
        h *= m;
        h ^= h >> 15;
        return (int)h;
    }
}
