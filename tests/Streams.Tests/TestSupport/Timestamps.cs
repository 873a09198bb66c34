namespace Pulse.Streams.Tests.TestSupport;

/// <summary>Fixed instants for tests, so no test depends on the clock.</summary>
internal static class Timestamps
{
    /// <summary>2023-11-14T22:13:20Z.</summary>
    public const long T0Ms = 1_700_000_000_000;

    public static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeMilliseconds(T0Ms);
}
