using System.Text;
using Confluent.Kafka;

namespace Pulse.Streams.Tests.TestSupport;

/// <summary>Builds and reads record headers as UTF-8 text.</summary>
internal static class TestHeaders
{
    public static Headers Of(params (string Key, string Value)[] pairs)
    {
        var headers = new Headers();
        foreach (var (key, value) in pairs) headers.Add(key, Encoding.UTF8.GetBytes(value));
        return headers;
    }

    /// <summary>The last value of <paramref name="key"/> as text, or null when absent.</summary>
    public static string? Text(this Headers? headers, string key) =>
        headers is not null && headers.TryGetLastBytes(key, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;
}
