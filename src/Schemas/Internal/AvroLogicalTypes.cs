namespace Pulse.Schemas.Internal;

/// <summary>
/// Apache.Avro's conversions of logical types, for the generated codecs: the same expressions as its
/// <c>Avro.Util.TimestampMillisecond</c>, so a value converts to the same long and back to the same
/// <see cref="DateTime"/> on either path.
/// </summary>
internal static class AvroLogicalTypes
{
    private static readonly DateTime UnixEpoch = new(1970, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>timestamp-millis: to UTC (a local or unspecified time is taken as local), then whole milliseconds since the epoch, truncated toward zero.</summary>
    public static long ToTimestampMillis(DateTime value) => (long)(value.ToUniversalTime() - UnixEpoch).TotalMilliseconds;

    /// <summary>timestamp-millis: the UTC time <paramref name="millis"/> milliseconds after the epoch; out of <see cref="DateTime"/>'s range throws.</summary>
    public static DateTime FromTimestampMillis(long millis) => UnixEpoch.AddMilliseconds(millis);
}
