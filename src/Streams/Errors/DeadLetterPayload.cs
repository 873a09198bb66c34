using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Confluent.Kafka;

namespace Pulse.Streams.Errors;

/// <summary>
/// Makes a dead letter fit its topic: a value larger than a limit is cut to the limit, and headers say so
/// (<see cref="DeadLetterHeaders.PayloadTruncated"/>), with the original size and the SHA-256 of the whole
/// (<see cref="DeadLetterHeaders.PayloadSize"/>, <see cref="DeadLetterHeaders.PayloadSha256"/>), so a record
/// too large to forward (the reason it may have failed) is still recorded, and can be matched to its source.
/// </summary>
public static class DeadLetterPayload
{
    /// <summary>The default limit: 512 KiB, well inside a producer's default <c>message.max.bytes</c> (1,000,000) with room for headers.</summary>
    public const int DefaultMaxBytes = 512 * 1024;

    /// <summary>
    /// <paramref name="value"/> when it is at most <paramref name="maxBytes"/> long; else its first <paramref name="maxBytes"/>
    /// bytes, with the truncation headers added to <paramref name="headers"/>.
    /// </summary>
    public static byte[]? Fit(byte[]? value, Headers headers, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        if (value is null || value.Length <= maxBytes) return value;
        headers.Add(DeadLetterHeaders.PayloadTruncated, "true"u8.ToArray());
        headers.Add(DeadLetterHeaders.PayloadSize, Encoding.UTF8.GetBytes(value.Length.ToString(CultureInfo.InvariantCulture)));
        headers.Add(DeadLetterHeaders.PayloadSha256, Encoding.UTF8.GetBytes(Convert.ToHexStringLower(SHA256.HashData(value))));
        return value[..maxBytes];
    }
}
