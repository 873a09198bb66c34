using pulse.vitals;
using Pulse.Streams.Dsl;
using Pulse.Streams.Processor;

namespace Pulse.Vitals.Internal;

/// <summary>
/// Turns a window's final figures into the published record: keyed by patient, the
/// <see cref="VitalStats"/> of the window, at the timestamp of the window's latest reading.
/// </summary>
internal sealed class StatsRecordProcessor : IProcessor<Windowed<string>, WindowStats, string, VitalStats>
{
    private IProcessorContext<string, VitalStats> _context = null!;

    public void Init(IProcessorContext<string, VitalStats> context) => _context = context;

    public void Process(Record<Windowed<string>, WindowStats> record)
    {
        var (patient, window) = (record.Key.Key, record.Key.Window);
        _context.Forward(new Record<string, VitalStats>(patient, record.Value.ToRecord(patient, window.StartMs, window.EndMs),
            record.Value.MaxTimestamp, record.Headers));
    }
}
