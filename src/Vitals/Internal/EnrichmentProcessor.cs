using pulse.vitals;
using Pulse.Streams.Processor;
using Pulse.Streams.State;
using Pulse.Vitals.Clinical;

namespace Pulse.Vitals.Internal;

/// <summary>
/// Scores each valid reading (<see cref="ReadingScorer"/>) and adds the patient's rolling figures
/// from the store of recent readings: the reading joins its patient's
/// <see cref="RollingReadings"/> (in event-time order, however late), and its figures are those
/// of the window ending at its own time; readings older than the patient's newest minus window
/// minus grace are pruned.
/// </summary>
internal sealed class EnrichmentProcessor(string storeName, long windowMs, long graceMs)
    : IFixedKeyProcessor<string, CheckedReading, EnrichedReading>
{
    private IFixedKeyProcessorContext<string, EnrichedReading> _context = null!;
    private IKeyValueStore<string, RollingReadings> _store = null!;

    public void Init(IFixedKeyProcessorContext<string, EnrichedReading> context)
    {
        _context = context;
        _store = context.GetStateStore<IKeyValueStore<string, RollingReadings>>(storeName);
    }

    public void Process(FixedKeyRecord<string, CheckedReading> record)
    {
        var reading = record.Value.Reading!;
        var enriched = new EnrichedReading { reading = reading };
        ReadingScorer.Score(reading, enriched);

        var at = record.Timestamp;
        var history = _store.Get(record.Key) ?? new RollingReadings();
        var figures = history.Add(at, reading.heart_rate, reading.spo2, windowMs, graceMs);
        _store.Put(record.Key, history);

        enriched.rolling_count = figures.Count;
        enriched.rolling_heart_rate_mean = figures.HeartRateMean;
        enriched.rolling_spo2_mean = figures.Spo2Mean;
        enriched.rolling_spo2_min = figures.Spo2Min;
        enriched.heart_rate_trend = figures.HeartRateTrend;
        _context.Forward(record.WithValue(enriched));
    }
}
