using System.Text;
using Confluent.Kafka;
using pulse.vitals;
using Pulse.Schemas;
using Pulse.Schemas.Registry;
using Pulse.Streams.Testing;

namespace Pulse.Host.Tests.TestSupport;

/// <summary>
/// One of every kind of record a broken device or producer writes to <c>vitals.raw</c>: bytes that are no reading,
/// readings no patient could have, readings stamped wrong. Each is sent and acknowledged; where it landed
/// (<see cref="Sent"/>) is where its dead letter must point.
/// </summary>
internal static class MalformedRecords
{
    /// <summary>A malformed record as sent: its kind, and its partition and offset on the raw topic.</summary>
    public sealed record Sent(string Kind, int Partition, long Offset);

    public static List<Sent> SendEveryKind(EmbeddedKafkaCluster cluster, string topic, DateTime now)
    {
        var serializer = AvroSerdes.Serializer<VitalReading>(InProcessSchemaRegistry.Seeded());
        byte[] Avro(VitalReading r) => serializer.Serialize(r, new SerializationContext(MessageComponentType.Value, topic));
        VitalReading Reading(string patient, Action<VitalReading>? change = null)
        {
            var r = VitalRecords.Reading(patient, now);
            change?.Invoke(r);
            return r;
        }
        var random = new Random(12);
        byte[] Random(int length)
        {
            var bytes = new byte[length];
            random.NextBytes(bytes);
            return bytes;
        }
        var valid = Avro(Reading("bad-magic"));
        var badMagic = (byte[])valid.Clone();
        badMagic[0] = 1;
        byte[] unknownSchema = [0, 0, 1, 0x86, 0x9F, .. valid[5..]]; // schema id 99999
        var longId = new string('x', 10 * 1024);
        (string Kind, string? Key, byte[]? Value)[] records =
        [
            ("random bytes", "random", Random(64)),
            ("empty value", "empty", []),
            ("null value", "tombstone", null),
            ("unknown schema id", "unknown-schema", unknownSchema),
            ("JSON", "json", Encoding.UTF8.GetBytes("""{"patient_id":"json","heart_rate":80}""")),
            ("truncated Avro", "truncated", Avro(Reading("truncated"))[..20]),
            ("bad magic byte", "bad-magic", badMagic),
            ("NaN temperature", "nan", Avro(Reading("nan", r => r.temperature = double.NaN))),
            ("infinite glucose", "infinity", Avro(Reading("infinity", r => r.glucose = double.PositiveInfinity))),
            ("negative infinite temperature", "neg-infinity", Avro(Reading("neg-infinity", r => r.temperature = double.NegativeInfinity))),
            ("heart rate out of range", "hr-500", Avro(Reading("hr-500", r => r.heart_rate = 500))),
            ("diastolic not below systolic", "inconsistent", Avro(Reading("inconsistent", r => (r.systolic_bp, r.diastolic_bp) = (90, 120)))),
            ("key not the patient", "someone-else", Avro(Reading("the-patient"))),
            ("no vitals", "no-vitals", Avro(new VitalReading { patient_id = "no-vitals", timestamp = now })),
            ("empty patient id", "", Avro(Reading(""))),
            ("oversized value (1 MiB)", "oversized", Random(1024 * 1024)),
            ("stamped in 2300", "future", Avro(Reading("future", r => r.timestamp = new DateTime(2300, 1, 1, 0, 0, 0, DateTimeKind.Utc)))),
            ("stamped in 1970", "ancient", Avro(Reading("ancient", r => r.timestamp = DateTime.UnixEpoch.AddHours(1)))),
            ("10 KB patient id", longId, Avro(Reading(longId))),
        ];
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            EnableIdempotence = true,
            MessageMaxBytes = 2_000_000,
        }).Build();
        var sent = new List<Sent>();
        foreach (var (kind, key, value) in records)
        {
            var result = producer.ProduceAsync(topic, new Message<byte[], byte[]> { Key = key is null ? null! : Encoding.UTF8.GetBytes(key), Value = value! })
                .GetAwaiter().GetResult();
            sent.Add(new Sent(kind, result.Partition.Value, result.Offset.Value));
        }
        return sent;
    }
}
