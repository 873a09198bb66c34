namespace Pulse.Host.Simulator.Internal;

/// <summary>
/// Shows a run's progress from <see cref="SimulatorMetrics"/> while it runs: a bar redrawn in place
/// four times a second on a terminal, a plain line every <c>ReportEvery</c> when output is
/// redirected; then the summary line. Rates are over the last interval; the summary's is overall.
/// Time comes from the injected <see cref="TimeProvider"/>.
/// </summary>
internal sealed class ProgressReporter(SimulatorConsole console, SimulatorMetrics metrics, TimeProvider time, TimeSpan plainEvery, Func<double?> fraction)
{
    private static readonly TimeSpan RedrawEvery = TimeSpan.FromMilliseconds(250);

    private readonly long _started = time.GetTimestamp();
    private int _drawn;

    public TimeSpan Elapsed => time.GetElapsedTime(_started);

    /// <summary>Reports until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(console.Interactive ? RedrawEvery : plainEvery, time);
        var lastCount = 0L;
        var lastAt = _started;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                var now = time.GetTimestamp();
                var count = metrics.Published;
                var seconds = time.GetElapsedTime(lastAt, now).TotalSeconds;
                var rate = seconds > 0 ? (count - lastCount) / seconds : 0;
                (lastCount, lastAt) = (count, now);
                if (console.Interactive)
                    Redraw(ProgressLine.Bar(count, metrics.RowsRejected, rate, Elapsed, fraction()));
                else
                    await console.Output.WriteLineAsync(ProgressLine.Plain(count, metrics.RowsRejected, rate, Elapsed, fraction())).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The run is over.
        }
    }

    /// <summary>Clears the bar (on a terminal) and writes <paramref name="summary"/> on a line of its own.</summary>
    public void Finish(string summary)
    {
        if (_drawn > 0) console.Output.Write('\r' + new string(' ', _drawn) + '\r');
        _drawn = 0;
        console.Output.WriteLine(summary);
        console.Output.Flush();
    }

    private void Redraw(string line)
    {
        if (console.Width > 1 && line.Length >= console.Width) line = line[..(console.Width - 1)];
        console.Output.Write('\r' + line + (line.Length < _drawn ? new string(' ', _drawn - line.Length) : ""));
        console.Output.Flush();
        _drawn = line.Length;
    }
}
