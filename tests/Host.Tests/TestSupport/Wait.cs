using System.Diagnostics;

namespace Pulse.Host.Tests.TestSupport;

/// <summary>Waits on conditions with a deadline, never on time alone.</summary>
internal static class Wait
{
    // Conditions here query a database or a broker: poll every 50 ms rather than spin.
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>Returns once <paramref name="condition"/> holds; fails the test, naming <paramref name="what"/>, at <paramref name="timeout"/>.</summary>
    public static void Until(Func<bool> condition, TimeSpan timeout, string what) => Until(condition, timeout, () => what);

    /// <summary>Like <see cref="Until(Func{bool}, TimeSpan, string)"/>, with <paramref name="describe"/> called only for the failure message.</summary>
    public static void Until(Func<bool> condition, TimeSpan timeout, Func<string> describe)
    {
        var started = Stopwatch.GetTimestamp();
        while (!condition())
        {
            if (Stopwatch.GetElapsedTime(started) > timeout)
                Assert.Fail($"timed out after {timeout.TotalSeconds:F0} s waiting for {describe()}");
            Thread.Sleep(PollInterval);
        }
    }
}
