using System.Diagnostics;

namespace Pulse.Host.Batch;

/// <summary>
/// A one-line spinner with the step and the time it has taken, redrawn in place while a long step runs, on a terminal
/// only (redirected output gets the finished line alone).
/// </summary>
internal sealed class TerminalProgress : IDisposable
{
    private static readonly char[] Frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
    private readonly TextWriter _output;
    private readonly string _step;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Timer? _timer;
    private readonly Lock _gate = new();
    private int _frame;
    private bool _done;

    public TerminalProgress(TextWriter output, string step, bool live)
    {
        (_output, _step) = (output, step);
        if (live) _timer = new Timer(_ => Draw(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(100));
    }

    /// <summary>Ends the step with <paramref name="result"/> on its line.</summary>
    public void Done(string result)
    {
        lock (_gate)
        {
            _done = true;
            _timer?.Dispose();
            var (start, clear) = _timer is null ? ("", "") : ("\r", "\u001b[K");
            _output.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{start}✓ {_step}: {result} ({_clock.Elapsed.TotalSeconds:F1} s){clear}"));
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (!_done && _timer is not null) _output.Write("\r\u001b[K");
            _done = true;
            _timer?.Dispose();
        }
    }

    private void Draw()
    {
        lock (_gate)
        {
            if (_done) return;
            _output.Write(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"\r{Frames[_frame++ % Frames.Length]} {_step}… {_clock.Elapsed.TotalSeconds:F1} s"));
            _output.Flush();
        }
    }
}
