using Pulse.Streams.Processor;

namespace Pulse.Streams.Internal.Processor;

/// <summary>A punctuation to fire at <see cref="NextTime"/> and every interval after.</summary>
internal sealed class PunctuationSchedule(ProcessorNode node, long nextTime, long intervalMs, Action<long> punctuator) : ICancellable
{
    public ProcessorNode Node { get; } = node;
    public long NextTime { get; private set; } = nextTime;
    public Action<long> Punctuator { get; } = punctuator;
    public bool Cancelled { get; private set; }

    public void Cancel() => Cancelled = true;

    /// <summary>Moves past <paramref name="now"/>; missed firings are skipped, not replayed.</summary>
    public void Advance(long now)
    {
        NextTime += intervalMs;
        if (now >= NextTime) NextTime = now - ((now - NextTime) % intervalMs) + intervalMs;
    }
}

/// <summary>Punctuations of one clock, earliest first. Invariant: a cancelled schedule never fires again.</summary>
internal sealed class PunctuationQueue
{
    private readonly PriorityQueue<PunctuationSchedule, long> _queue = new();

    public void Add(PunctuationSchedule schedule) => _queue.Enqueue(schedule, schedule.NextTime);

    /// <summary>Fires every schedule due at <paramref name="now"/>; true when any fired.</summary>
    public bool MayPunctuate(long now, Action<PunctuationSchedule, long> fire)
    {
        var fired = false;
        while (_queue.TryPeek(out var next, out var due) && due <= now)
        {
            _queue.Dequeue();
            if (next.Cancelled) continue;
            fire(next, now);
            fired = true;
            if (next.Cancelled) continue;
            next.Advance(now);
            _queue.Enqueue(next, next.NextTime);
        }
        return fired;
    }
}
