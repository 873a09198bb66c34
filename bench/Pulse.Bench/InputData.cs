using System.Text;
using Confluent.Kafka;

namespace Pulse.Bench;

/// <summary>
/// The input, serialized before timing starts: record i has key "k{i % keys}", event time
/// <see cref="StartMs"/> + i ms (so 1-minute windows close as the run goes), and a JSON
/// <see cref="SensorReading"/>; 2% of readings are invalid (negative) and get filtered out.
/// Key arrays are shared between records of one key; values are packed in one arena (as a
/// broker's log would be) and <see cref="ValueOf"/> hands each record a fresh array, as a consumer does.
/// </summary>
internal sealed class InputData
{
    public const long StartMs = 1_700_000_000_000;
    public const double InvalidRatio = 0.02;

    private readonly byte[] _arena;
    private readonly int[] _offsets;

    private InputData(byte[][] keys, byte[] arena, int[] offsets, int keyCount)
    {
        Keys = keys;
        _arena = arena;
        _offsets = offsets;
        KeyCount = keyCount;
    }

    public byte[][] Keys { get; }
    public int KeyCount { get; }
    public int Count => _offsets.Length - 1;

    /// <summary>Record i's value bytes, copied out of the arena.</summary>
    public byte[] ValueOf(int i) => _arena.AsSpan(_offsets[i], _offsets[i + 1] - _offsets[i]).ToArray();
    public long ValueBytes { get; private init; }

    public byte[] KeyOf(int i) => Keys[i % KeyCount];

    public static long TimestampOf(int i) => StartMs + i;

    public static InputData Generate(int records, int keyCount, int seed = 42)
    {
        var keys = new byte[keyCount][];
        var names = new string[keyCount];
        for (var k = 0; k < keyCount; k++)
        {
            names[k] = $"k{k}";
            keys[k] = Encoding.UTF8.GetBytes(names[k]);
        }
        var random = new Random(seed);
        var arena = new MemoryStream(records * 56); // about one reading's JSON each: no doubling, no copy at the end
        var offsets = new int[records + 1];
        var context = new SerializationContext(MessageComponentType.Value, ReferenceTopology.InputTopic);
        for (var i = 0; i < records; i++)
        {
            var value = random.NextDouble() < InvalidRatio ? -1.0 : Math.Round(random.NextDouble() * 100.0, 1);
            offsets[i] = (int)arena.Length;
            arena.Write(ReferenceTopology.ReadingSerde.Serialize(new SensorReading(names[i % keyCount], value, TimestampOf(i)), context));
        }
        offsets[records] = (int)arena.Length;
        long bytes = arena.Length;
        return new InputData(keys, arena.GetBuffer(), offsets, keyCount) { ValueBytes = bytes };
    }
}
