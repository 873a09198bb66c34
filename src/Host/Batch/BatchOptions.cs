using System.Globalization;

namespace Pulse.Host.Batch;

/// <summary><c>pulse batch</c>'s settings (section <see cref="Section"/>).</summary>
internal sealed class BatchOptions
{
    public const string Section = "Batch";

    /// <summary>The UTC day, <c>YYYY-MM-DD</c> (<c>--date</c>); empty: yesterday.</summary>
    public string Date { get; set; } = "";

    /// <summary>The archive's root directory (<c>--archive</c>), as <c>pulse archive</c> wrote it.</summary>
    public string Archive { get; set; } = "";

    /// <summary>The day meant: <see cref="Date"/>, or yesterday (UTC) by <paramref name="time"/>.</summary>
    public DateOnly Day(TimeProvider time) =>
        string.IsNullOrWhiteSpace(Date) ? DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddDays(-1) : DateOnly.ParseExact(Date.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
