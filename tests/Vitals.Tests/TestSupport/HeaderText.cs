using System.Text;
using Confluent.Kafka;

namespace Pulse.Vitals.Tests.TestSupport;

/// <summary>Reads headers as UTF-8 text.</summary>
internal static class HeaderText
{
    /// <summary>The last value of <paramref name="key"/>, or null.</summary>
    public static string? Text(this Headers? headers, string key) =>
        headers is not null && headers.TryGetLastBytes(key, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;

    /// <summary>Every value of <paramref name="key"/>, in order.</summary>
    public static List<string> All(this Headers? headers, string key)
    {
        var values = new List<string>();
        if (headers is null) return values;
        foreach (var h in headers)
            if (h.Key == key) values.Add(Encoding.UTF8.GetString(h.GetValueBytes()));
        return values;
    }
}
