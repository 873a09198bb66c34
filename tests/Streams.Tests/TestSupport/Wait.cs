namespace Pulse.Streams.Tests.TestSupport;

/// <summary>Waits on conditions with a deadline, never on time alone.</summary>
internal static class Wait
{
    /// <summary>Returns once <paramref name="condition"/> holds; fails the test, naming <paramref name="what"/>, at <paramref name="timeout"/>.</summary>
    public static void Until(Func<bool> condition, TimeSpan timeout, string what) =>
        Assert.True(SpinWait.SpinUntil(condition, timeout), $"timed out after {timeout.TotalSeconds:F0} s waiting for {what}");
}
