using System.Text;
using Confluent.Kafka;
using pulse.vitals;
using Pulse.Schemas;
using Pulse.Schemas.Registry;

namespace Pulse.Bench.Vitals;

/// <summary>
/// The vitals bench's input, generated batch by batch outside the timed work (as a broker hands a
/// consumer one fetch at a time, the whole input is never in the process): <c>records</c> readings
/// over <c>patients</c> patients in turn, Avro in Confluent's wire format (in-process registry),
/// event time 1 ms apart (each patient reads about once a second at 1,000 patients), every vital
/// present, drifting by a random walk around the patient's own baseline; a tenth of the patients
/// deteriorate over the run (so alerts fire), and <see cref="InvalidRatio"/> of readings carry a
/// sensor artefact the topology dead-letters. The same seed gives the same readings every pass.
/// </summary>
internal sealed class VitalsInput(int records, int patients, int seed = 7)
{
    public const long StartMs = 1_767_225_600_000; // 2026-01-01T00:00:00Z
    public const double InvalidRatio = 0.02;
    public const string Topic = "vitals.raw";

    private readonly ISerializer<VitalReading> _serializer = AvroSerdes.Serializer<VitalReading>(InProcessSchemaRegistry.Seeded());
    private readonly SerializationContext _context = new(MessageComponentType.Value, Topic);
    private readonly VitalReading _reading = new();
    private readonly byte[][] _keys = Enumerable.Range(0, patients).Select(p => Encoding.UTF8.GetBytes(Id(p))).ToArray();
    private Random _random = new(seed);
    private PatientWalk[] _walks = [];
    private int _next;

    public int Count => records;
    public int Patients => patients;

    /// <summary>Artefacts generated since the last <see cref="Restart"/>.</summary>
    public int Invalid { get; private set; }

    /// <summary>Bytes of values generated since the last <see cref="Restart"/>.</summary>
    public long ValueBytes { get; private set; }

    public byte[] KeyOf(int i) => _keys[i % patients];

    public static long TimestampOf(int i) => StartMs + i;

    /// <summary>Starts the same sequence again from reading 0.</summary>
    public void Restart()
    {
        _random = new Random(seed);
        _walks = Enumerable.Range(0, patients).Select(p => PatientWalk.Create(Id(p), _random, deteriorating: p % 10 == 3)).ToArray();
        _next = 0;
        Invalid = 0;
        ValueBytes = 0;
    }

    /// <summary>Fills <paramref name="values"/> with the next readings' values (fresh arrays, as a consumer receives them); returns how many.</summary>
    public int NextBatch(byte[][] values)
    {
        var n = Math.Min(values.Length, records - _next);
        for (var k = 0; k < n; k++, _next++)
        {
            var artefact = _random.NextDouble() < InvalidRatio;
            if (artefact) Invalid++;
            _walks[_next % patients].Next(_random, progress: (double)_next / records, artefact, TimestampOf(_next), _reading);
            values[k] = _serializer.Serialize(_reading, _context);
            ValueBytes += values[k].Length;
        }
        return n;
    }

    private static string Id(int patient) => $"P-{patient:D5}";
}
