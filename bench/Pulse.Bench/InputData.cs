using System.Text;
using Confluent.Kafka;

namespace Pulse.Bench;

/// <summary>
/// The input, serialized before timing starts: record i has key "k{i % keys}", event time
/// <see cref="StartMs"/> + i ms (so 1-minute windows close as the run goes), and a JSON
/// <see cref="SensorReading"/>; 2% of readings are invalid (negative) and get filtered out.
/// Key arrays are shared between records of one key; each value is its own array.
/// </summary>
internal sealed class InputData
{
    public const long StartMs = 1_700_000_000_000;
    public const double InvalidRatio = 0.02;

    private InputData(byte[][] keys, byte[][] values, int keyCount)
    {
        Keys = keys;
        Values = values;
        KeyCount = keyCount;
    }

    public byte[][] Keys { get; }
    public byte[][] Values { get; }
    public int KeyCount { get; }
    public int Count => Values.Length;
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
        var values = new byte[records][];
        var context = new SerializationContext(MessageComponentType.Value, ReferenceTopology.InputTopic);
        long bytes = 0;
        for (var i = 0; i < records; i++)
        {
            var value = random.NextDouble() < InvalidRatio ? -1.0 : Math.Round(random.NextDouble() * 100.0, 1);
            values[i] = ReferenceTopology.ReadingSerde.Serialize(new SensorReading(names[i % keyCount], value, TimestampOf(i)), context)!;
            bytes += values[i].Length;
        }
        return new InputData(keys, values, keyCount) { ValueBytes = bytes };
    }
}
