namespace Pulse.Vitals.Internal;

/// <summary>Event times as the records carry them (UTC DateTime, timestamp-millis) and as the engine does (ms since the epoch).</summary>
internal static class Timestamps
{
    public static long ToMs(DateTime utc) => (utc.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond;

    public static DateTime ToDateTime(long ms) => new(DateTime.UnixEpoch.Ticks + ms * TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
}
