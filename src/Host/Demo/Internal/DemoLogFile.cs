using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Extensions.Logging;

namespace Pulse.Host.Demo.Internal;

/// <summary>
/// The demo's log file (Serilog's file sink): every entry from Information up, one line each, exceptions with
/// their stack traces. Opened at the first entry, so a run that fails its settings check leaves no file.
/// </summary>
internal sealed class DemoLogFile(string path) : ILoggerProvider
{
    private const string Template = "{Timestamp:HH:mm:ss.fff} {Level:u4} {SourceContext}: {Message:lj}{NewLine}{Exception}";
    private readonly Lazy<SerilogLoggerProvider> _inner = new(() => new SerilogLoggerProvider(
        new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.File(path, outputTemplate: Template, formatProvider: System.Globalization.CultureInfo.InvariantCulture).CreateLogger(),
        dispose: true));

    public string Path => path;

    public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => new FileLogger(this, categoryName);

    public void Dispose()
    {
        if (_inner.IsValueCreated) _inner.Value.Dispose();
    }

    private sealed class FileLogger(DemoLogFile file, string category) : Microsoft.Extensions.Logging.ILogger
    {
        private Microsoft.Extensions.Logging.ILogger? _inner;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            (_inner ??= file._inner.Value.CreateLogger(category)).Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
