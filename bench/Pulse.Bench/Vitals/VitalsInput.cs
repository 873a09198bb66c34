using System.Text;
using Confluent.Kafka;
using pulse.vitals;
using Pulse.Schemas;
using Pulse.Schemas.Registry;

namespace Pulse.Bench.Vitals;

/// <summary>
/// The vitals bench's input, serialized before timing into one arena (Avro, Confluent wire format,
/// in-process registry): <c>records</c> readings over <c>patients</c> patients in turn, event time
/// 1 ms apart (each patient reads about once a second at 1,000 patients), every vital present, drifting
/// by a random walk around the patient's own baseline; about a tenth of patients deteriorate over the run
/// (so alerts fire), and <see cref="InvalidRatio"/> of readings carry a sensor artefact the topology dead-letters.
/// </summary>
internal sealed class VitalsInput
{
    public const long StartMs = 1_767_225_600_000; // 2026-01-01T00:00:00Z
    public const double InvalidRatio = 0.02;
    public const string Topic = "vitals.raw";

    private readonly byte[] _arena;
    private readonly int[] _offsets;
    private readonly byte[][] _keys;

    private VitalsInput(byte[][] keys, byte[] arena, int[] offsets, int invalid)
    {
        _keys = keys;
        _arena = arena;
        _offsets = offsets;
        Invalid = invalid;
    }

    public int Count => _offsets.Length - 1;
    public int Patients => _keys.Length;
    public int Invalid { get; }
    public long ValueBytes => _offsets[^1];

    public byte[] KeyOf(int i) => _keys[i % _keys.Length];

    /// <summary>Record i's value, copied out of the arena as a consumer would receive it.</summary>
    public byte[] ValueOf(int i) => _arena.AsSpan(_offsets[i], _offsets[i + 1] - _offsets[i]).ToArray();

    public static long TimestampOf(int i) => StartMs + i;

    public static VitalsInput Generate(int records, int patients, int seed = 7)
    {
        var random = new Random(seed);
        var serializer = AvroSerdes.Serializer<VitalReading>(InProcessSchemaRegistry.Seeded());
        var context = new SerializationContext(MessageComponentType.Value, Topic);
        var state = new PatientWalk[patients];
        var keys = new byte[patients][];
        for (var p = 0; p < patients; p++)
        {
            var id = $"P-{p:D5}";
            keys[p] = Encoding.UTF8.GetBytes(id);
            state[p] = PatientWalk.Create(id, random, deteriorating: p % 10 == 3);
        }
        var arena = new MemoryStream(capacity: records * 84); // ~82 bytes a reading: no doubling, no copy
        var offsets = new int[records + 1];
        var invalid = 0;
        var reading = new VitalReading();
        for (var i = 0; i < records; i++)
        {
            var p = i % patients;
            var artefact = random.NextDouble() < InvalidRatio;
            if (artefact) invalid++;
            state[p].Next(random, progress: (double)i / records, artefact, TimestampOf(i), reading);
            offsets[i] = (int)arena.Length;
            arena.Write(serializer.Serialize(reading, context));
        }
        offsets[records] = (int)arena.Length;
        return new VitalsInput(keys, arena.GetBuffer(), offsets, invalid);
    }
}
