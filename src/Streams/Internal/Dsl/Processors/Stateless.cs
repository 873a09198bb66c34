using Pulse.Streams.Processor;

namespace Pulse.Streams.Internal.Dsl.Processors;

/// <summary>Filter and FilterNot: forwards a record when the predicate's answer differs from <paramref name="not"/>.</summary>
internal sealed class KStreamFilter<TKey, TValue>(Func<TKey, TValue, bool> predicate, bool not) : IProcessor<TKey, TValue, TKey, TValue>
{
    private IProcessorContext<TKey, TValue> _context = null!;

    public void Init(IProcessorContext<TKey, TValue> context) => _context = context;

    public void Process(Record<TKey, TValue> record)
    {
        if (predicate(record.Key, record.Value) != not) _context.Forward(record);
    }
}

/// <summary>Map, SelectKey and MapValues: one record in, one record out.</summary>
internal sealed class KStreamMap<TKey, TValue, TKeyOut, TValueOut>(Func<Record<TKey, TValue>, Record<TKeyOut, TValueOut>> map)
    : IProcessor<TKey, TValue, TKeyOut, TValueOut>
{
    private IProcessorContext<TKeyOut, TValueOut> _context = null!;

    public void Init(IProcessorContext<TKeyOut, TValueOut> context) => _context = context;

    public void Process(Record<TKey, TValue> record) => _context.Forward(map(record));
}

/// <summary>FlatMap and FlatMapValues: one record in, any number out, each with the input's timestamp and headers.</summary>
internal sealed class KStreamFlatMap<TKey, TValue, TKeyOut, TValueOut>(Func<TKey, TValue, IEnumerable<KeyValue<TKeyOut, TValueOut>>> map)
    : IProcessor<TKey, TValue, TKeyOut, TValueOut>
{
    private IProcessorContext<TKeyOut, TValueOut> _context = null!;

    public void Init(IProcessorContext<TKeyOut, TValueOut> context) => _context = context;

    public void Process(Record<TKey, TValue> record)
    {
        foreach (var kv in map(record.Key, record.Value))
            _context.Forward(new Record<TKeyOut, TValueOut>(kv.Key, kv.Value, record.Timestamp, record.Headers));
    }
}

/// <summary>Peek (forwards after the action) and Foreach (no children): calls an action per record.</summary>
internal sealed class KStreamPeek<TKey, TValue>(Action<TKey, TValue> action) : IProcessor<TKey, TValue, TKey, TValue>
{
    private IProcessorContext<TKey, TValue> _context = null!;

    public void Init(IProcessorContext<TKey, TValue> context) => _context = context;

    public void Process(Record<TKey, TValue> record)
    {
        action(record.Key, record.Value);
        _context.Forward(record);
    }
}

/// <summary>Merge: forwards everything from every parent.</summary>
internal sealed class KStreamPassThrough<TKey, TValue> : IProcessor<TKey, TValue, TKey, TValue>
{
    private IProcessorContext<TKey, TValue> _context = null!;

    public void Init(IProcessorContext<TKey, TValue> context) => _context = context;

    public void Process(Record<TKey, TValue> record) => _context.Forward(record);
}

/// <summary>Split: sends each record to the child of the first predicate it satisfies, else to the default child, else nowhere.</summary>
internal sealed class KStreamBranch<TKey, TValue>(IReadOnlyList<Func<TKey, TValue, bool>> predicates, IReadOnlyList<string> childNames,
    string? defaultChild) : IProcessor<TKey, TValue, TKey, TValue>
{
    private IProcessorContext<TKey, TValue> _context = null!;

    public void Init(IProcessorContext<TKey, TValue> context) => _context = context;

    public void Process(Record<TKey, TValue> record)
    {
        for (var i = 0; i < predicates.Count; i++)
        {
            if (!predicates[i](record.Key, record.Value)) continue;
            _context.Forward(record, childNames[i]);
            return;
        }
        if (defaultChild is not null) _context.Forward(record, defaultChild);
    }
}
