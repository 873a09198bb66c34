using System.Diagnostics;
using Pulse.Streams.Dsl;
using StreamizDriver = Streamiz.Kafka.Net.Mock.TopologyTestDriver;

namespace Pulse.Bench.Peers;

/// <summary>
/// The in-process variants of the reference workload: the hand-written floor, Pulse through its
/// <c>TopologyTestDriver</c> (RocksDB + caching, outputs and changelog drained after every commit) and Streamiz through
/// its test driver (RocksDB + caching, a commit every batch, outputs not read: reading them costs about 0.5 ms a record).
/// Each first runs a warm-up over a tenth of the input, then the timed pass over all of it.
/// </summary>
internal static class DriverPeers
{
    public static PeerResult Floor(InputData input, InputData warmup, int commitEvery)
    {
        new ReferenceFloor().Run(warmup, 0, warmup.Count, commitEvery);
        var floor = new ReferenceFloor();
        var m = Measure.Run(() => floor.Run(input, 0, input.Count, commitEvery));
        return m.Result("floor", input.Count, $"out: stats {floor.Stats:N0}, high {floor.High:N0}, low {floor.Low:N0}");
    }

    public static PeerResult Pulse(InputData input, InputData warmup, int commitEvery, StoreType store)
    {
        var topology = ReferenceTopology.Build(store);
        ReferenceRun.Execute(topology, warmup, commitEvery);
        GC.Collect();
        var r = ReferenceRun.Execute(topology, input, commitEvery);
        var gc = GC.GetGCMemoryInfo();
        return new Measure(r.Seconds, r.CpuSeconds, r.AllocatedBytes).Result(store == StoreType.RocksDb ? "pulse-driver" : "pulse-driver-inmemory", input.Count,
            $"out: stats {r.Stats:N0}, high {r.High:N0}, low {r.Low:N0}, changelog {r.Changelog:N0}; commit {r.CommitSeconds:F2} s, drain {r.DrainSeconds:F2} s, GC pauses {r.GcPauseSeconds:F2} s, GCs {r.Gen0}/{r.Gen1}/{r.Gen2}; " +
            $"managed heap at the last GC {gc.HeapSizeBytes / 1048576.0:F0} MiB, committed {gc.TotalCommittedBytes / 1048576.0:F0} MiB");
    }

    public static PeerResult Streamiz(InputData input, InputData warmup, int commitEvery)
    {
        StreamizPass(warmup, commitEvery, timed: false);
        GC.Collect();
        return StreamizPass(input, commitEvery, timed: true)!;
    }

    private static PeerResult? StreamizPass(InputData input, int commitEvery, bool timed)
    {
        using var state = new RuntimeBench.TempDir();
        var config = StreamizReference.Config("streamiz-bench");
        config.StateDir = state.Path;
        using var driver = new StreamizDriver(StreamizReference.Build(), config);
        var raw = new RawSerDes();
        var source = driver.CreateInputTopic(ReferenceTopology.InputTopic, raw, raw);
        var m = Measure.Run(() =>
        {
            for (var batch = 0; batch < input.Count; batch += commitEvery)
            {
                var end = Math.Min(input.Count, batch + commitEvery);
                for (var i = batch; i < end; i++)
                    source.PipeInput(input.KeyOf(i), input.ValueOf(i), DateTimeOffset.FromUnixTimeMilliseconds(InputData.TimestampOf(i)).UtcDateTime, null);
                driver.Commit();
            }
        });
        if (!timed) return null;
        return m.Result("streamiz-driver", input.Count, "outputs not read (its driver reads about 2,000 records/s)");
    }
}

/// <summary>Wall time, CPU time and bytes allocated on this thread by one action.</summary>
internal readonly record struct Measure(double Seconds, double CpuSeconds, long AllocatedBytes)
{
    public static Measure Run(Action action)
    {
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var start = Stopwatch.GetTimestamp();
        action();
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return new Measure(seconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds, GC.GetAllocatedBytesForCurrentThread() - allocated);
    }

    public PeerResult Result(string variant, int records, string detail) =>
        new(variant, records, Seconds, records / Seconds, CpuSeconds, (double)AllocatedBytes / records, ProcessMemory.PeakWorkingSetMiB(), detail);
}
