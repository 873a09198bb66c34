using Pulse.Streams.Dsl;
using Pulse.Streams.Processor;

namespace Pulse.Streams.Internal.Dsl.Processors;

/// <summary>
/// Suppress(untilWindowCloses): holds the latest update of each window and emits it once, when
/// observed stream time reaches the window's end plus grace. Invariant: every buffered key's
/// window is still open; each window is emitted at most once (deletes are dropped, as Kafka does
/// for final results). The buffer lives in memory.
/// </summary>
internal sealed class KTableSuppressFinal<TKey, TValue>(long graceMs) : IProcessor<Windowed<TKey>, Change<TValue>, Windowed<TKey>, Change<TValue>>
{
    private readonly Dictionary<Windowed<TKey>, Record<Windowed<TKey>, Change<TValue>>> _buffer = [];
    private readonly PriorityQueue<Windowed<TKey>, long> _byWindowEnd = new();
    private IProcessorContext<Windowed<TKey>, Change<TValue>> _context = null!;
    private long _observedStreamTime = -1;

    public void Init(IProcessorContext<Windowed<TKey>, Change<TValue>> context) => _context = context;

    public void Process(Record<Windowed<TKey>, Change<TValue>> record)
    {
        if (record.Timestamp > _observedStreamTime) _observedStreamTime = record.Timestamp;
        if (_buffer.TryAdd(record.Key, record)) _byWindowEnd.Enqueue(record.Key, record.Key.Window.EndMs);
        else _buffer[record.Key] = record;
        Evict();
    }

    private void Evict()
    {
        var expiry = _observedStreamTime - graceMs;
        while (_byWindowEnd.TryPeek(out var key, out var end) && end <= expiry)
        {
            _byWindowEnd.Dequeue();
            if (!_buffer.Remove(key, out var record) || record.Value.NewValue is null || record.Value.IsDelete) continue;
            _context.Forward(record.WithValue(new Change<TValue>(record.Value.NewValue, default)));
        }
    }
}
