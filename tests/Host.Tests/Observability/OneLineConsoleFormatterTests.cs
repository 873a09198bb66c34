using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Pulse.Host.Observability;

namespace Pulse.Host.Tests.Observability;

/// <summary>
/// The console's format for people: one line per entry whatever the entry holds (line breaks, an exception with
/// inner exceptions and a stack trace), cut to the terminal's width when there is one.
/// </summary>
public class OneLineConsoleFormatterTests
{
    [Fact]
    public void MessageWithLineBreaks_IsWrittenOnOneLine()
    {
        var line = Format(LogLevel.Warning, "first\nsecond\r\nthird");

        Assert.Matches(@"^\d\d:\d\d:\d\d\.\d{3} warn: Pulse.Test: first second third\n$", line.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Exception_IsItsTypeAndMessageOnTheSameLine_WithoutItsStackTrace()
    {
        var exception = Thrown(new InvalidOperationException("outer\nfailure", Thrown(new IOException("disk gone"))));

        var line = Format(LogLevel.Error, "Stopping failed", exception);

        Assert.Single(line.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.EndsWith("fail: Pulse.Test: Stopping failed (InvalidOperationException: outer failure)", line.TrimEnd(), StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("disk gone", line, StringComparison.Ordinal);
    }

    [Fact]
    public void LineLongerThanMaxWidth_IsCutWithAnEllipsis()
    {
        var line = Format(LogLevel.Warning, new string('x', 500), maxWidth: 80).TrimEnd();

        Assert.Equal(80, line.Length);
        Assert.EndsWith("x…", line, StringComparison.Ordinal);
    }

    private static string Format(LogLevel level, string message, Exception? exception = null, int? maxWidth = null)
    {
        var formatter = new OneLineConsoleFormatter(new FixedOptions(new OneLineConsoleFormatterOptions { MaxWidth = maxWidth }));
        using var writer = new StringWriter();
        formatter.Write(new LogEntry<string>(level, "Pulse.Test", default, message, exception, (state, _) => state), null, writer);
        return writer.ToString();
    }

    /// <summary>An exception with a stack trace, as a logged one has.</summary>
    private static Exception Thrown(Exception exception)
    {
        try
        {
            throw exception;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    private sealed class FixedOptions(OneLineConsoleFormatterOptions value) : IOptionsMonitor<OneLineConsoleFormatterOptions>
    {
        public OneLineConsoleFormatterOptions CurrentValue => value;

        public OneLineConsoleFormatterOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<OneLineConsoleFormatterOptions, string?> listener) => null;
    }
}
