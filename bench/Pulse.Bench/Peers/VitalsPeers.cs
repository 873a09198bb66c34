using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using pulse.vitals;
using Pulse.Bench.Vitals;
using Pulse.Schemas.Registry;
using Pulse.Streams.Dsl;
using Pulse.Vitals;
using Pulse.Vitals.Clinical;
using Pulse.Vitals.Internal;

namespace Pulse.Bench.Peers;

/// <summary>
/// The vitals topology against its floor. Pulse: the whole topology through the <c>TopologyTestDriver</c> (RocksDB), as
/// the <c>vitals</c> bench runs it. The floor: by hand, with no framework and no store, the stages that carry every
/// reading (Avro decoded by the same deserializer; validated; invalid ones written with their reason headers; valid ones
/// scored, folded into the patient's rolling readings, Avro encoded onto the enriched output, and folded into the
/// patient's 1-minute window), with each closed window's figures Avro encoded at every flush (every <c>commitEvery</c>
/// readings). The alert stage has no counterpart in the floor. Input batches are generated outside the timed work.
/// </summary>
internal static class VitalsPeers
{
    public static PeerResult Pulse(int records, int patients, int commitEvery)
    {
        var options = new VitalsOptions();
        var topology = VitalsTopology.Build(options, VitalsSerdes.Create(InProcessSchemaRegistry.Seeded()), StoreType.RocksDb);
        VitalsBench.Execute(topology, options.Topics, new VitalsInput(Math.Max(commitEvery, records / 10), patients), commitEvery);
        GC.Collect();
        var input = new VitalsInput(records, patients);
        var r = VitalsBench.Execute(topology, options.Topics, input, commitEvery);
        if (r.Enriched + r.Invalid != records) throw new InvalidOperationException($"vitals-pulse lost readings: {r.Enriched + r.Invalid:N0} of {records:N0}.");
        return new Measure(r.Seconds, r.CpuSeconds, r.AllocatedBytes).Result("vitals-pulse", records,
            $"out: enriched {r.Enriched:N0}, invalid {r.Invalid:N0}, stats {r.Stats:N0}, notify {r.Notify:N0}, changelogs {r.ChangelogRecords:N0}");
    }

    public static PeerResult Floor(int records, int patients, int commitEvery)
    {
        Pass(new VitalsInput(Math.Max(commitEvery, records / 10), patients), commitEvery);
        GC.Collect();
        var (m, floor) = Pass(new VitalsInput(records, patients), commitEvery);
        if (floor.Enriched + floor.Invalid != records) throw new InvalidOperationException($"vitals-floor lost readings: {floor.Enriched + floor.Invalid:N0} of {records:N0}.");
        return m.Result("vitals-floor", records, $"out: enriched {floor.Enriched:N0}, invalid {floor.Invalid:N0}, stats {floor.Stats:N0}");
    }

    private static (Measure, VitalsFloor) Pass(VitalsInput input, int commitEvery)
    {
        var floor = new VitalsFloor(new VitalsOptions(), VitalsSerdes.Create(InProcessSchemaRegistry.Seeded()), VitalsInput.TimestampOf(input.Count - 1));
        input.Restart();
        var values = new byte[commitEvery][];
        long excludedTicks = 0, excludedAlloc = 0;
        var excludedCpu = TimeSpan.Zero;
        var m = Measure.Run(() =>
        {
            for (var batch = 0; batch < input.Count; batch += commitEvery)
            {
                var (t0, c0, a0) = (Stopwatch.GetTimestamp(), Process.GetCurrentProcess().TotalProcessorTime, GC.GetAllocatedBytesForCurrentThread());
                var n = input.NextBatch(values);
                excludedAlloc += GC.GetAllocatedBytesForCurrentThread() - a0;
                excludedCpu += Process.GetCurrentProcess().TotalProcessorTime - c0;
                excludedTicks += Stopwatch.GetTimestamp() - t0;
                for (var k = 0; k < n; k++) floor.Process(input.KeyOf(batch + k), values[k], VitalsInput.TimestampOf(batch + k));
                floor.Flush();
            }
        });
        return (new Measure(m.Seconds - (double)excludedTicks / Stopwatch.Frequency, m.CpuSeconds - excludedCpu.TotalSeconds, m.AllocatedBytes - excludedAlloc), floor);
    }

    /// <summary>The hand-written pipeline: dictionaries for the rolling readings and the open windows, a list for the outputs.</summary>
    private sealed class VitalsFloor(VitalsOptions options, VitalsSerdes serdes, long nowMs)
    {
        private readonly long _rollingMs = (long)options.Rolling.Window.TotalMilliseconds;
        private readonly long _rollingGraceMs = (long)options.Rolling.Grace.TotalMilliseconds;
        private readonly long _windowMs = (long)options.Stats.Size.TotalMilliseconds;
        private readonly long _graceMs = (long)options.Stats.Grace.TotalMilliseconds;
        private readonly SerializationContext _raw = new(MessageComponentType.Value, options.Topics.Raw);
        private readonly SerializationContext _enriched = new(MessageComponentType.Value, options.Topics.Enriched);
        private readonly SerializationContext _stats = new(MessageComponentType.Value, options.Topics.Stats);
        private readonly Dictionary<string, RollingReadings> _rolling = new(StringComparer.Ordinal);
        private readonly Dictionary<(string Patient, long Start), WindowStats> _windows = [];
        private readonly List<(string Patient, long Start)> _closed = [];
        private readonly List<(byte[] Key, byte[] Value, Headers? Headers)> _out = [];
        private long _streamTime = long.MinValue;

        public long Enriched { get; private set; }
        public long Invalid { get; private set; }
        public long Stats { get; private set; }

        public void Process(byte[] keyBytes, byte[] value, long timestamp)
        {
            var key = Encoding.UTF8.GetString(keyBytes);
            VitalReading? reading;
            try
            {
                reading = serdes.Reading.Deserializer.Deserialize(value, false, _raw);
            }
#pragma warning disable CA1031 // as the topology: bytes that do not decode are dead-lettered
            catch (Exception)
#pragma warning restore CA1031
            {
                reading = null;
            }
            var reasons = reading is null ? [new InvalidReason(InvalidReasonCodes.Undeserializable, "not a reading")] : ReadingValidator.Validate(key, reading, options.Validity, nowMs);
            if (reasons is not null)
            {
                var headers = new Headers();
                foreach (var reason in reasons) headers.Add(InvalidReadingHeaders.Reason, Encoding.UTF8.GetBytes(reason.Code));
                headers.Add(InvalidReadingHeaders.Message, Encoding.UTF8.GetBytes(string.Join("; ", reasons)));
                _out.Add((keyBytes, value, headers));
                Invalid++;
                return;
            }

            var at = Timestamps.ToMs(reading!.timestamp);
            var enriched = new EnrichedReading { reading = reading };
            ReadingScorer.Score(reading, enriched);
            if (!_rolling.TryGetValue(key, out var history)) _rolling[key] = history = new RollingReadings();
            var figures = history.Add(at, reading.heart_rate, reading.spo2, _rollingMs, _rollingGraceMs);
            enriched.rolling_count = figures.Count;
            enriched.rolling_heart_rate_mean = figures.HeartRateMean;
            enriched.rolling_spo2_mean = figures.Spo2Mean;
            enriched.rolling_spo2_min = figures.Spo2Min;
            enriched.heart_rate_trend = figures.HeartRateTrend;
            _out.Add((keyBytes, serdes.Enriched.Serializer.Serialize(enriched, _enriched), null));
            Enriched++;

            _streamTime = Math.Max(_streamTime, at);
            var start = at - at % _windowMs;
            if (start + _windowMs + _graceMs <= _streamTime) return; // late
            if (!_windows.TryGetValue((key, start), out var stats)) _windows[(key, start)] = stats = new WindowStats();
            stats.Add(enriched, at);
        }

        public void Flush()
        {
            foreach (var (id, stats) in _windows)
                if (id.Start + _windowMs + _graceMs <= _streamTime) _closed.Add(id);
            foreach (var id in _closed)
            {
                var record = _windows[id].ToRecord(id.Patient, id.Start, id.Start + _windowMs);
                _out.Add((Encoding.UTF8.GetBytes(id.Patient), serdes.Stats.Serializer.Serialize(record, _stats), null));
                _windows.Remove(id);
                Stats++;
            }
            _closed.Clear();
            _out.Clear();
        }
    }
}
