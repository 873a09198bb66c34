using System.Text;
using Avro;
using Avro.Specific;

namespace Pulse.Schemas.Tests.TestSupport;

/// <summary>
/// Random instances of any generated record, driven by its schema: nulls, integer and floating-point
/// extremes (NaN, ±∞, -0, NaN payloads), strings around the varint length boundaries and in several
/// scripts, empty and full maps, nested records, timestamps at millisecond precision. Seeded: a failure reproduces.
/// </summary>
public sealed class RandomRecords(int seed, bool loneSurrogates = false)
{
    private static readonly int[] Ints = [0, 1, -1, 63, 64, -64, -65, 8191, 8192, int.MaxValue, int.MinValue];
    private static readonly long[] Longs = [0, 1, -1, 63, -65, int.MaxValue + 1L, int.MinValue - 1L, long.MaxValue, long.MinValue];
    private static readonly double[] Doubles =
    [
        double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.0, 0.0, double.Epsilon, double.MaxValue,
        double.MinValue, BitConverter.Int64BitsToDouble(0x7ff8_0000_0000_0123), BitConverter.Int64BitsToDouble(unchecked((long)0xfff0_0000_0000_0001)),
    ];
    private static readonly string[] Pieces = ["a", "Z", "7", " ", "é", "ß", "中", "文", "😀", "🩺", "\u0000", "\t", "‰", "ÿ"];

    private readonly Random random = new(seed);

    /// <summary>A new <typeparamref name="T"/> with every field set at random.</summary>
    public T Next<T>() where T : ISpecificRecord, new() => (T)Record(typeof(T));

    private ISpecificRecord Record(Type type)
    {
        var record = (ISpecificRecord)Activator.CreateInstance(type)!;
        foreach (var field in ((RecordSchema)record.Schema).Fields)
        {
            var property = type.GetProperty(field.Name)!; // "@class" in C# is "class" to reflection
            record.Put(field.Pos, Value(field.Schema, property.PropertyType));
        }
        return record;
    }

    private object? Value(Schema schema, Type type) => schema switch
    {
        UnionSchema union => random.Next(3) == 0
            ? null
            : Value(union.Schemas.Single(s => s.Tag != Schema.Type.Null), Nullable.GetUnderlyingType(type) ?? type),
        LogicalSchema { LogicalTypeName: "timestamp-millis" } => Timestamp(),
        EnumSchema e => Enum.ToObject(type, random.Next(e.Symbols.Count)),
        RecordSchema => Record(type),
        MapSchema map => Map(map, type),
        ArraySchema array => Array(array, type),
        PrimitiveSchema p => p.Tag switch
        {
            Schema.Type.Boolean => random.Next(2) == 1,
            Schema.Type.Int => random.Next(2) == 0 ? Ints[random.Next(Ints.Length)] : random.Next(int.MinValue, int.MaxValue),
            Schema.Type.Long => random.Next(2) == 0 ? Longs[random.Next(Longs.Length)] : random.NextInt64(long.MinValue, long.MaxValue),
            Schema.Type.Double => random.Next(2) == 0 ? Doubles[random.Next(Doubles.Length)] : (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-5, 12)),
            Schema.Type.Float => random.Next(2) == 0 ? (float)Doubles[random.Next(Doubles.Length)] : (float)random.NextDouble(),
            Schema.Type.String => Text(),
            Schema.Type.Bytes => Bytes(),
            _ => throw new NotSupportedException(p.Tag.ToString()),
        },
        _ => throw new NotSupportedException(schema.ToString()),
    };

    private object Map(MapSchema map, Type type)
    {
        var valueType = type.GetGenericArguments()[1];
        var dictionary = (System.Collections.IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(typeof(string), valueType))!;
        for (var n = random.Next(4) == 0 ? 0 : random.Next(1, 8); dictionary.Count < n;)
            dictionary[Text()] = Value(map.ValueSchema, valueType);
        return dictionary;
    }

    private object Array(ArraySchema array, Type type)
    {
        var itemType = type.GetGenericArguments()[0];
        var list = (System.Collections.IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(itemType))!;
        for (var n = random.Next(4) == 0 ? 0 : random.Next(1, 6); list.Count < n;)
            list.Add(Value(array.ItemSchema, itemType));
        return list;
    }

    private byte[] Bytes()
    {
        var bytes = new byte[random.Next(3) == 0 ? 0 : random.Next(1, 100)];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>
    /// Whole milliseconds, UTC, from 1900 to 2100: around the epoch, around now, or anywhere. (Further
    /// out, Apache.Avro's conversion, through a double, can lose a millisecond: TimestampTests.)
    /// </summary>
    private DateTime Timestamp()
    {
        const long from1900 = -2_208_988_800_000, to2100 = 4_102_444_800_000;
        var millis = random.Next(3) switch
        {
            0 => random.NextInt64(from1900, to2100),
            1 => random.NextInt64(-100_000, 100_000),
            _ => 1_772_353_815_250 + random.NextInt64(-10_000_000_000, 10_000_000_000),
        };
        return DateTime.UnixEpoch.AddMilliseconds(millis);
    }

    private string Text()
    {
        var length = random.Next(6) switch
        {
            0 => 0,
            1 => random.Next(1, 12),
            2 => random.Next(19, 24),   // one-byte length prefix up to 63 bytes (21 chars of 3 bytes)
            3 => random.Next(60, 70),   // and past it
            4 => random.Next(2700, 2800), // where the in-place prefix size changes
            _ => random.Next(1, 200),
        };
        var text = new StringBuilder(length);
        var ascii = random.Next(2) == 0;
        while (text.Length < length)
        {
            if (loneSurrogates && random.Next(20) == 0)
                text.Append((char)random.Next(0xd800, 0xe000));
            else
                text.Append(ascii ? (char)random.Next(0x20, 0x7f) : Pieces[random.Next(Pieces.Length)]);
        }
        return text.ToString();
    }
}
