using System.Globalization;

namespace Pulse.Host.Simulator.Internal;

/// <summary>The text of the simulator's progress: the bar on a terminal, plain lines otherwise, and the summary.</summary>
internal static class ProgressLine
{
    private const int BarWidth = 20;

    /// <summary>A terminal's line: <c>[######..........]  40%  1,234 published  98.5/s  00:00:12  1 rejected</c>.</summary>
    public static string Bar(long published, long rejected, double ratePerSecond, TimeSpan elapsed, double? fraction)
    {
        var bar = fraction is { } f
            ? Text($"[{new string('#', (int)Math.Round(f * BarWidth))}{new string('.', BarWidth - (int)Math.Round(f * BarWidth))}] {f * 100,3:0}%  ")
            : "";
        return bar + Text($"{published:N0} published  {ratePerSecond:N1}/s  {Elapsed(elapsed)}") + Rejected(rejected, "  ");
    }

    /// <summary>A line for redirected output: <c>published 1234 readings (98.5/s), elapsed 00:00:12, 40% done</c>.</summary>
    public static string Plain(long published, long rejected, double ratePerSecond, TimeSpan elapsed, double? fraction) =>
        Text($"published {published} readings ({ratePerSecond:0.0}/s), elapsed {Elapsed(elapsed)}")
        + Rejected(rejected, ", ")
        + (fraction is { } f ? Text($", {f * 100:0}% done") : "");

    /// <summary>The last line of a run: what was published where, what failed, how long it took, how fast.</summary>
    public static string Summary(string topic, long published, long rejected, long deliveryFailures, TimeSpan elapsed)
    {
        var rate = elapsed > TimeSpan.Zero ? published / elapsed.TotalSeconds : 0;
        return Text($"Published {published} readings to {topic} in {Elapsed(elapsed)} ({rate:0.0}/s); ")
            + Text($"{rejected} {(rejected == 1 ? "row" : "rows")} rejected; {deliveryFailures} delivery {(deliveryFailures == 1 ? "failure" : "failures")}.");
    }

    public static string Elapsed(TimeSpan elapsed) => elapsed.ToString(@"hh\:mm\:ss\.f", CultureInfo.InvariantCulture);

    private static string Rejected(long rejected, string separator) =>
        rejected == 0 ? "" : Text($"{separator}{rejected} {(rejected == 1 ? "row" : "rows")} rejected");

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
