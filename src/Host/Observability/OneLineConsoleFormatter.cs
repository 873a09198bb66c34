using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Pulse.Host.Observability;

/// <summary>
/// The console's log format for people (<c>--log-format simple</c>): one line per entry, always,
/// <c>16:30:08.180 warn: Pulse.Host.Sink: message (IOException: what failed)</c>. An exception shows as its
/// type and message on the same line, never as a stack trace (that goes to a log file or OTLP, where
/// one is configured); line breaks in a message become spaces; with <see cref="OneLineConsoleFormatterOptions.MaxWidth"/>
/// a line longer than the terminal is cut with an ellipsis instead of wrapping.
/// </summary>
internal sealed class OneLineConsoleFormatter(IOptionsMonitor<OneLineConsoleFormatterOptions> options) : ConsoleFormatter(Name)
{
    /// <summary>The formatter's name (<see cref="ConsoleLoggerOptions.FormatterName"/>).</summary>
    public new const string Name = "pulse";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null) return;
        var o = options.CurrentValue;
        var line = $"{DateTimeOffset.Now.ToString(o.TimestampFormat, System.Globalization.CultureInfo.InvariantCulture)} {Level(logEntry.LogLevel)}: {logEntry.Category}: {Flatten(message)}";
        if (logEntry.Exception is { } e) line += $" ({e.GetType().Name}: {Flatten(e.Message)})";
        if (o.MaxWidth is int width && line.Length > width) line = string.Concat(line.AsSpan(0, Math.Max(0, width - 1)), "…");
        textWriter.WriteLine(line);
    }

    private static string Flatten(string? text) => text is null ? "" : text.ReplaceLineEndings(" ");

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "none",
    };
}

/// <summary>Options of <see cref="OneLineConsoleFormatter"/>.</summary>
internal sealed class OneLineConsoleFormatterOptions : ConsoleFormatterOptions
{
    public OneLineConsoleFormatterOptions() => TimestampFormat = "HH:mm:ss.fff";

    /// <summary>Lines longer than this are cut; null: never.</summary>
    public int? MaxWidth { get; set; }
}
