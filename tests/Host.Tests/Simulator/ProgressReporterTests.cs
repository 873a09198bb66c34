using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Pulse.Host.Simulator;
using Pulse.Host.Simulator.Internal;
using Pulse.Host.Tests.TestSupport;

namespace Pulse.Host.Tests.Simulator;

public sealed class ProgressReporterTests : IDisposable
{
    private static readonly KeyValuePair<string, object?> Topic = new("topic", "vitals.raw");

    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly FakeTimeProvider _time = new();
    private readonly StringWriter _output = new();
    private readonly TextWriter _console;

    public ProgressReporterTests() => _console = TextWriter.Synchronized(_output);

    private SimulatorMetrics Metrics => field ??= new SimulatorMetrics(_services.GetRequiredService<IMeterFactory>());

    [Fact]
    public async Task RedirectedOutput_GetsAPlainLineEveryInterval_ThenTheSummary()
    {
        var reporter = new ProgressReporter(new SimulatorConsole(_console, interactive: false), Metrics, _time, TimeSpan.FromSeconds(5), () => null);
        using var stop = new CancellationTokenSource();
        var running = reporter.RunAsync(stop.Token);

        Publish(50);
        _time.Advance(TimeSpan.FromSeconds(5));
        Wait.Until(() => Lines().Length == 1, TimeSpan.FromSeconds(10), "the first line");
        Publish(100);
        Metrics.RowRejected();
        _time.Advance(TimeSpan.FromSeconds(5));
        Wait.Until(() => Lines().Length == 2, TimeSpan.FromSeconds(10), "the second line");
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10));
        reporter.Finish(ProgressLine.Summary("vitals.raw", Metrics.Published, Metrics.RowsRejected, Metrics.DeliveryFailures, reporter.Elapsed));

        Assert.Equal(
            [
                "published 50 readings (10.0/s), elapsed 00:00:05.0",
                "published 150 readings (20.0/s), elapsed 00:00:10.0, 1 row rejected",
                "Published 150 readings to vitals.raw in 00:00:10.0 (15.0/s); 1 row rejected; 0 delivery failures.",
            ],
            Lines());
    }

    [Fact]
    public async Task Terminal_GetsABarRedrawnInPlace_AndClearedBeforeTheSummary()
    {
        var fraction = 0.0;
        var reporter = new ProgressReporter(new SimulatorConsole(_console, interactive: true), Metrics, _time, TimeSpan.FromSeconds(5), () => fraction);
        using var stop = new CancellationTokenSource();
        var running = reporter.RunAsync(stop.Token);

        Publish(25);
        fraction = 0.5;
        _time.Advance(TimeSpan.FromMilliseconds(250));
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10));
        reporter.Finish("done");

        var bar = "[##########..........]  50%  25 published  100.0/s  00:00:00.2";
        Assert.Equal($"\r{bar}\r{new string(' ', bar.Length)}\rdone{Environment.NewLine}", Text());
    }

    [Fact]
    public async Task Bar_IsCutToTheTerminalWidth_SoItNeverWraps()
    {
        var reporter = new ProgressReporter(new SimulatorConsole(_console, interactive: true, width: 30), Metrics, _time, TimeSpan.FromSeconds(5), () => 0.5);
        using var stop = new CancellationTokenSource();
        var running = reporter.RunAsync(stop.Token);

        _time.Advance(TimeSpan.FromMilliseconds(250));
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("\r[##########..........]  50%  ", Text()); // 29 characters
    }

    [Fact]
    public void Lines_ReadWell()
    {
        Assert.Equal("[####################] 100%  1,234,567 published  20,000.5/s  01:02:03.0  2 rows rejected",
            ProgressLine.Bar(1_234_567, 2, 20_000.49, new TimeSpan(1, 2, 3), 1.0));
        Assert.Equal("7 published  0.5/s  00:00:14.0", ProgressLine.Bar(7, 0, 0.5, TimeSpan.FromSeconds(14), null));
        Assert.Equal("published 7 readings (0.5/s), elapsed 00:00:14.0, 25% done", ProgressLine.Plain(7, 0, 0.5, TimeSpan.FromSeconds(14), 0.25));
        Assert.Equal("Published 0 readings to t in 00:00:00.0 (0.0/s); 0 rows rejected; 1 delivery failure.", ProgressLine.Summary("t", 0, 0, 1, TimeSpan.Zero));
    }

    public void Dispose()
    {
        _services.Dispose();
        _console.Dispose();
        _output.Dispose();
    }

    private void Publish(int count)
    {
        for (var i = 0; i < count; i++) Metrics.Delivered(Topic);
    }

    private string[] Lines() => Text().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

    // The synchronized writer locks itself around each write.
    private string Text()
    {
        lock (_console) return _output.ToString();
    }
}
