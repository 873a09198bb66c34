using Pulse.Schemas.Tests.TestSupport;
using pulse.vitals;

namespace Pulse.Schemas.Tests.Codecs;

/// <summary>
/// timestamp-millis converts exactly as Apache.Avro converts it: to UTC (an unspecified kind counts as
/// local), milliseconds since the epoch through a double, truncated toward zero; read back as UTC.
/// Far from the epoch that double can lose a millisecond: the codec loses the same one.
/// </summary>
public class TimestampTests
{
    public static TheoryData<string, DateTime> Times => new()
    {
        { "a millisecond", SampleRecords.At },
        { "a tick more", SampleRecords.At.AddTicks(1) },
        { "a tick short of the next millisecond", SampleRecords.At.AddTicks(9_999) },
        { "the epoch", DateTime.UnixEpoch },
        { "a tick before the epoch", DateTime.UnixEpoch.AddTicks(-1) },
        { "1.0001 ms before the epoch", DateTime.UnixEpoch.AddTicks(-10_001) },
        { "local", new DateTime(2026, 3, 1, 9, 30, 15, 250, DateTimeKind.Local) },
        { "unspecified", new DateTime(2026, 3, 1, 9, 30, 15, 250, DateTimeKind.Unspecified) },
        { "year 1", new DateTime(1, 1, 1, 0, 0, 0, DateTimeKind.Utc) },
        { "the last millisecond of 9999", new DateTime(9999, 12, 31, 23, 59, 59, 999, DateTimeKind.Utc) },
        { "far, with ticks", new DateTime(8000, 6, 1, 12, 0, 0, DateTimeKind.Utc).AddTicks(4_321) },
    };

    [Theory]
    [MemberData(nameof(Times))]
    public void Timestamp_EncodesAndDecodesAsApacheAvroDoes(string name, DateTime at)
    {
        var position = SampleRecords.Position();
        position.timestamp = at;

        var bytes = AvroBytes.Encode(position);

        Assert.True(AvroBytes.ApacheWrite(position).AsSpan().SequenceEqual(bytes), name);
        Assert.Equal(Read(() => AvroBytes.ApacheRead<VehiclePosition>(bytes)), Read(() => AvroBytes.Decode<VehiclePosition>(bytes)));
    }

    [Fact]
    public void DateTimeMaxValue_RoundsPastTheRange_AndReadsOnNeitherPath()
    {
        var position = SampleRecords.Position();
        position.timestamp = DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc);
        var bytes = AvroBytes.Encode(position);

        Assert.True(AvroBytes.ApacheWrite(position).AsSpan().SequenceEqual(bytes));
        Assert.Equal("ArgumentOutOfRangeException", Read(() => AvroBytes.Decode<VehiclePosition>(bytes)));
        Assert.Equal("ArgumentOutOfRangeException", Read(() => AvroBytes.ApacheRead<VehiclePosition>(bytes)));
    }

    /// <summary>The timestamp read, with its kind, or the exception's type.</summary>
    private static string Read(Func<VehiclePosition> read)
    {
        try
        {
            var at = read().timestamp;
            return $"{at.Ticks} {at.Kind}";
        }
        catch (Exception e)
        {
            return (e is Avro.AvroException { InnerException: { } inner } ? inner : e).GetType().Name;
        }
    }
}
