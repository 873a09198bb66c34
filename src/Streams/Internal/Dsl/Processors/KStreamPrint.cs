using Pulse.Streams.Dsl;
using Pulse.Streams.Processor;

namespace Pulse.Streams.Internal.Dsl.Processors;

/// <summary>Print: writes one line per record to the print's output and forwards nothing.</summary>
internal sealed class KStreamPrint<TKey, TValue>(PrintOutput output, string label, Func<TKey, TValue, string>? mapper) : IProcessor<TKey, TValue, TKey, TValue>
{
    public void Init(IProcessorContext<TKey, TValue> context) => output.Open();

    public void Process(Record<TKey, TValue> record) =>
        output.WriteLine($"[{label}]: {(mapper is null ? $"{Text(record.Key)}, {Text(record.Value)}" : mapper(record.Key, record.Value))}");

    public void Close() => output.Close();

    private static string Text(object? value) => value switch
    {
        null => "null",
        IFormattable formattable => formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "null",
    };
}

/// <summary>
/// The writer of one print node, shared by its tasks (threads write whole lines, each flushed): standard output, or a file created
/// when the first task opens it, appended to when tasks open it again, and closed when the last one closes.
/// </summary>
internal sealed class PrintOutput(string? path)
{
    private readonly Lock _lock = new();
    private TextWriter? _writer;
    private int _open;
    private bool _created;

    public void Open()
    {
        lock (_lock)
        {
            if (_open == 0 && path is not null)
            {
                _writer = new StreamWriter(new FileStream(path, _created ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.Read));
                _created = true;
            }
            _open++; // only once the file is open: a task that failed to open it does not hold it
        }
    }

    public void WriteLine(string line)
    {
        lock (_lock)
        {
            var writer = path is null ? Console.Out : _writer ?? throw new InvalidOperationException("The print output is not open.");
            writer.WriteLine(line);
            writer.Flush();
        }
    }

    public void Close()
    {
        lock (_lock)
        {
            if (--_open > 0 || _writer is null) return;
            _writer.Dispose();
            _writer = null;
        }
    }
}
