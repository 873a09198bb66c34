using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Pulse.Bench;

/// <summary>The calling thread's CPU time in nanoseconds (CLOCK_THREAD_CPUTIME_ID); off Linux, the wall clock.</summary>
internal static class ThreadCpu
{
    private const int ClockThreadCpuTime = 3; // CLOCK_THREAD_CPUTIME_ID

    public static long Nanoseconds()
    {
        if (!OperatingSystem.IsLinux())
            return (long)Stopwatch.GetElapsedTime(0).TotalNanoseconds;
        _ = clock_gettime(ClockThreadCpuTime, out var time);
        return time.Seconds * 1_000_000_000 + time.Nanoseconds;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", SetLastError = false)]
    private static extern int clock_gettime(int clock, out TimeSpec time);
}
