using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace Pulse.Bench.Peers;

/// <summary>
/// The floor of the reference workload: the same work as <see cref="ReferenceTopology"/> written by hand, with no
/// framework, no store and no changelog. Per record: the key decoded, the JSON reading parsed (the same source-generated
/// metadata), invalid readings dropped, the value calibrated, the calibrated reading written as JSON to the high or low
/// output, and folded into its key's 1-minute window (count, min, max, sum) held in a dictionary. Every
/// <c>flushEvery</c> records, as a commit would: each window changed since the last flush is written out (windowed key,
/// JSON aggregate), and windows past their end plus grace are dropped. Outputs go to a reused buffer, as to a producer.
/// </summary>
internal sealed class ReferenceFloor
{
    private static readonly long WindowMs = (long)ReferenceTopology.WindowSize.TotalMilliseconds;
    private static readonly long GraceMs = (long)ReferenceTopology.Grace.TotalMilliseconds;

    private readonly Dictionary<(string Key, long Start), SensorStats> _windows = [];
    private readonly HashSet<(string Key, long Start)> _dirty = [];
    private readonly List<(string Key, long Start)> _expired = [];
    private readonly OutputBuffer _out = new();
    private long _streamTime = long.MinValue;

    public long Stats { get; private set; }
    public long High { get; private set; }
    public long Low { get; private set; }

    /// <summary>Processes records [from, to) of <paramref name="input"/>, flushing every <paramref name="flushEvery"/> records.</summary>
    public void Run(InputData input, int from, int to, int flushEvery)
    {
        for (var batch = from; batch < to; batch += flushEvery)
        {
            var end = Math.Min(to, batch + flushEvery);
            for (var i = batch; i < end; i++) Process(input.KeyOf(i), input.ValueOf(i), InputData.TimestampOf(i));
            Flush();
        }
    }

    private void Process(byte[] keyBytes, byte[] valueBytes, long timestamp)
    {
        var key = Encoding.UTF8.GetString(keyBytes);
        var reading = JsonSerializer.Deserialize(valueBytes, BenchJsonContext.Default.SensorReading);
        if (reading is null || !(reading.Value >= 0 && double.IsFinite(reading.Value))) return;
        var calibrated = new Calibrated(reading.Value * 1.02 + 0.5, reading.Ts);
        _out.Add(keyBytes, JsonSerializer.SerializeToUtf8Bytes(calibrated, BenchJsonContext.Default.Calibrated));
        if (calibrated.Value >= ReferenceTopology.HighThreshold) High++;
        else Low++;

        _streamTime = Math.Max(_streamTime, timestamp);
        var start = timestamp - timestamp % WindowMs;
        if (start + WindowMs + GraceMs <= _streamTime) return; // late: its window has closed
        var id = (key, start);
        _windows[id] = (_windows.TryGetValue(id, out var stats) ? stats : SensorStats.Empty).Add(calibrated.Value);
        _dirty.Add(id);
    }

    private void Flush()
    {
        foreach (var id in _dirty)
        {
            var key = Encoding.UTF8.GetBytes(id.Key);
            var windowed = new byte[key.Length + 8];
            key.CopyTo(windowed, 0);
            BinaryPrimitives.WriteInt64BigEndian(windowed.AsSpan(key.Length), id.Start);
            _out.Add(windowed, JsonSerializer.SerializeToUtf8Bytes(_windows[id], BenchJsonContext.Default.SensorStats));
            Stats++;
        }
        _dirty.Clear();
        foreach (var id in _windows.Keys)
            if (id.Start + WindowMs + GraceMs <= _streamTime) _expired.Add(id);
        foreach (var id in _expired) _windows.Remove(id);
        _expired.Clear();
        _out.Send();
    }

    /// <summary>What a producer would batch: the records are counted and let go at each flush.</summary>
    private sealed class OutputBuffer
    {
        private readonly List<(byte[] Key, byte[] Value)> _records = [];
        public long Bytes { get; private set; }

        public void Add(byte[] key, byte[] value) => _records.Add((key, value));

        public void Send()
        {
            foreach (var (key, value) in _records) Bytes += key.Length + value.Length;
            _records.Clear();
        }
    }
}
