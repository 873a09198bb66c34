using pulse.vitals;
using Pulse.Host.Simulator.Internal.Csv;

namespace Pulse.Host.Tests.Simulator;

public class CsvCellsTests
{
    [Theory]
    [InlineData("72", 72)]
    [InlineData(" 72 ", 72)]
    [InlineData("72.0", 72)]
    [InlineData("-5", -5)]
    [InlineData("0", 0)]
    [InlineData("1e2", 100)]
    public void WholeNumbers_ReadAsTheyAreWritten(string text, int expected)
    {
        Assert.True(CsvCells.TryParseInt(text, out var value, out _));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("72.5")]
    [InlineData("abc")]
    [InlineData("7 2")]
    [InlineData("99999999999")]
    [InlineData("NaN")]
    [InlineData("72,0")]
    public void CellThatIsNotAWholeNumber_IsAProblemQuotingIt(string text)
    {
        Assert.False(CsvCells.TryParseInt(text, out _, out var problem));
        Assert.Equal($"'{text}' is not a whole number", problem);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void EmptyCells_AreNull(string text)
    {
        Assert.True(CsvCells.TryParseInt(text, out var i, out _));
        Assert.True(CsvCells.TryParseDouble(text, out var d, out _));
        Assert.True(CsvCells.TryParseBool(text, out var b, out _));
        Assert.True(CsvCells.TryParseConsciousness(text, out var c, out _));
        Assert.Null(i);
        Assert.Null(d);
        Assert.Null(b);
        Assert.Null(c);
    }

    [Theory]
    [InlineData("36.8", 36.8)]
    [InlineData("-0.1278", -0.1278)]
    [InlineData("100", 100.0)]
    public void Numbers_UseAPointForDecimals(string text, double expected)
    {
        Assert.True(CsvCells.TryParseDouble(text, out var value, out _));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("36,8")]
    [InlineData("warm")]
    [InlineData("Infinity")]
    public void CellThatIsNotAFiniteNumber_IsAProblem(string text)
    {
        Assert.False(CsvCells.TryParseDouble(text, out _, out var problem));
        Assert.Equal($"'{text}' is not a number", problem);
    }

    [Theory]
    [InlineData("A", Consciousness.ALERT)]
    [InlineData("c", Consciousness.CONFUSION)]
    [InlineData("V", Consciousness.VOICE)]
    [InlineData("p", Consciousness.PAIN)]
    [InlineData("U", Consciousness.UNRESPONSIVE)]
    [InlineData("ALERT", Consciousness.ALERT)]
    [InlineData("Confusion", Consciousness.CONFUSION)]
    [InlineData("voice", Consciousness.VOICE)]
    [InlineData("PAIN", Consciousness.PAIN)]
    [InlineData("unresponsive", Consciousness.UNRESPONSIVE)]
    public void Consciousness_ReadsAcvpuWordsAndInitialsInAnyCase(string text, Consciousness expected)
    {
        Assert.True(CsvCells.TryParseConsciousness(text, out var value, out _));
        Assert.Equal(expected, value);
    }

    [Fact]
    public void UnknownConsciousnessLevel_IsAProblemListingTheLevels()
    {
        Assert.False(CsvCells.TryParseConsciousness("drowsy", out _, out var problem));
        Assert.Equal("'drowsy' is not ALERT, CONFUSION, VOICE, PAIN, UNRESPONSIVE or A, C, V, P, U", problem);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("TRUE", true)]
    [InlineData("1", true)]
    [InlineData("false", false)]
    [InlineData("False", false)]
    [InlineData("0", false)]
    public void OnOxygen_ReadsTrueFalse1And0(string text, bool expected)
    {
        Assert.True(CsvCells.TryParseBool(text, out var value, out _));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("2")]
    public void OtherOnOxygenValues_AreAProblem(string text)
    {
        Assert.False(CsvCells.TryParseBool(text, out _, out var problem));
        Assert.Equal($"'{text}' is not true, false, 1 or 0", problem);
    }

    [Theory]
    [InlineData("2026-11-23T08:00:00Z", "2026-11-23T08:00:00.000Z")]
    [InlineData("2026-11-23T09:00:00+01:00", "2026-11-23T08:00:00.000Z")]
    [InlineData("2026-11-23T03:00:00-0500", "2026-11-23T08:00:00.000Z")]
    [InlineData("2026-11-23 08:00:00.250Z", "2026-11-23T08:00:00.250Z")]
    [InlineData("2026-11-23T08:00:00.2509999Z", "2026-11-23T08:00:00.250Z")]
    [InlineData("2026-11-23T08:00Z", "2026-11-23T08:00:00.000Z")]
    [InlineData("1795420800000", "2026-11-23T08:00:00.000Z")]
    [InlineData("1795420800250", "2026-11-23T08:00:00.250Z")]
    [InlineData("0", "1970-01-01T00:00:00.000Z")]
    public void Timestamps_AreIso8601WithAnOffsetOrEpochMilliseconds(string text, string expectedUtc)
    {
        Assert.True(CsvCells.TryParseTimestamp(text, out var value, out var problem), problem);
        Assert.Equal(expectedUtc, value.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("2026-11-23T08:00:00", "is not an ISO-8601 time with a UTC offset")]
    [InlineData("2026-11-23", "is not an ISO-8601 time with a UTC offset")]
    [InlineData("yesterday", "is not an ISO-8601 time with a UTC offset")]
    [InlineData("2026-13-45T08:00:00Z", "is not a valid date and time")]
    [InlineData("99999999999999999", "is out of range for epoch milliseconds")]
    public void OtherTimestamps_AreAProblemSayingWhy(string text, string why)
    {
        Assert.False(CsvCells.TryParseTimestamp(text, out _, out var problem));
        Assert.StartsWith($"'{text}' {why}", problem, StringComparison.Ordinal);
    }
}
