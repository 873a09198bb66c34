using System.Diagnostics;
using Pulse.Streams;
using Pulse.Streams.Dsl;
using Pulse.Streams.Serialization;
using Pulse.Streams.Testing;

namespace Pulse.Bench;

/// <summary>What one timed pass over the input measured.</summary>
internal sealed record RunResult(
    double Seconds, double RecordsPerSecond, double PipeSeconds, double CommitSeconds, double DrainSeconds, double GcPauseSeconds, double CpuSeconds,
    long AllocatedBytes, int Gen0, int Gen1, int Gen2,
    long Stats, long High, long Low, long Changelog, long Processed)
{
    public double AllocatedBytesPerRecord(int records) => (double)AllocatedBytes / records;

    /// <summary>Records per second of process CPU time: less sensitive than wall time to other processes on the machine.</summary>
    public double RecordsPerCpuSecond(int records) => records / CpuSeconds;
}

/// <summary>
/// One pass of the reference topology through a fresh <see cref="TopologyTestDriver"/>: pipes the
/// pre-serialized input in batches of <c>commitEvery</c>, commits after each batch and then drains
/// every output topic and the changelog, as a consumer would. Driver setup and disposal are not timed.
/// </summary>
internal static class ReferenceRun
{
    public static RunResult Execute(Topology topology, InputData input, int commitEvery)
    {
        var config = new StreamsConfig { ApplicationId = ReferenceTopology.ApplicationId };
        var options = new TopologyTestDriverOptions { CommitEveryRecord = false };
        using var driver = new TopologyTestDriver(topology, config, DateTimeOffset.FromUnixTimeMilliseconds(InputData.StartMs), options);
        var source = driver.CreateInputTopic(ReferenceTopology.InputTopic, Serdes.ByteArray, Serdes.ByteArray);
        var counter = CountingSerde.Instance;
        var stats = driver.CreateOutputTopic(ReferenceTopology.StatsTopic, counter, counter);
        var high = driver.CreateOutputTopic(ReferenceTopology.HighTopic, counter, counter);
        var low = driver.CreateOutputTopic(ReferenceTopology.LowTopic, counter, counter);
        var changelog = driver.CreateOutputTopic(ReferenceTopology.ChangelogTopic, counter, counter);
        long nStats = 0, nHigh = 0, nLow = 0, nChangelog = 0;
        long pipe = 0, commit = 0, drain = 0;

        var gen0 = GC.CollectionCount(0);
        var gen1 = GC.CollectionCount(1);
        var gen2 = GC.CollectionCount(2);
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var paused = GC.GetTotalPauseDuration();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var start = Stopwatch.GetTimestamp();
        for (var batchStart = 0; batchStart < input.Count; batchStart += commitEvery)
        {
            var t0 = Stopwatch.GetTimestamp();
            var batchEnd = Math.Min(input.Count, batchStart + commitEvery);
            for (var i = batchStart; i < batchEnd; i++)
                source.PipeRawInput(input.KeyOf(i), input.ValueOf(i), DateTimeOffset.FromUnixTimeMilliseconds(InputData.TimestampOf(i)));
            var t1 = Stopwatch.GetTimestamp();
            driver.Commit();
            var t2 = Stopwatch.GetTimestamp();
            nStats += Drain(stats);
            nHigh += Drain(high);
            nLow += Drain(low);
            nChangelog += Drain(changelog);
            var t3 = Stopwatch.GetTimestamp();
            pipe += t1 - t0;
            commit += t2 - t1;
            drain += t3 - t2;
        }
        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var allocatedBytes = GC.GetAllocatedBytesForCurrentThread() - allocated;

        return new RunResult(elapsed, input.Count / elapsed, Seconds(pipe), Seconds(commit), Seconds(drain),
            (GC.GetTotalPauseDuration() - paused).TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds,
            allocatedBytes, GC.CollectionCount(0) - gen0, GC.CollectionCount(1) - gen1, GC.CollectionCount(2) - gen2,
            nStats, nHigh, nLow, nChangelog, driver.Metrics.ProcessedRecords);
    }

    private static long Drain(TestOutputTopic<int, int> topic)
    {
        long n = 0;
        while (!topic.IsEmpty)
        {
            topic.ReadValue();
            n++;
        }
        return n;
    }

    private static double Seconds(long ticks) => (double)ticks / Stopwatch.Frequency;
}
