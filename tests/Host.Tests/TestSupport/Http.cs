using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Pulse.Host.Tests.TestSupport;

/// <summary>Asks a process's <c>/healthz</c>, <c>/readyz</c> and <c>/metrics</c>.</summary>
internal static partial class Http
{
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(20) };

    public static (HttpStatusCode Status, string Body) Get(Uri baseAddress, string path)
    {
        using var response = Client.GetAsync(new Uri(baseAddress, path)).GetAwaiter().GetResult();
        return (response.StatusCode, response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
    }

    /// <summary>The status of <paramref name="path"/>, or null while nothing answers.</summary>
    public static HttpStatusCode? StatusOrNull(Uri baseAddress, string path)
    {
        try
        {
            return Get(baseAddress, path).Status;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>The sum of every sample of the Prometheus metric <paramref name="name"/> (all label sets) in <paramref name="scrape"/>.</summary>
    public static double Sum(string scrape, string name) =>
        scrape.Split('\n')
            .Where(l => l.StartsWith(name, StringComparison.Ordinal) && (l.Length == name.Length || l[name.Length] is '{' or ' '))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));

    /// <summary>The address a pulse process logged for its HTTP listener (<c>HTTP on http://127.0.0.1:PORT: …</c>), or null.</summary>
    public static Uri? ListenerAddress(IEnumerable<string> log) =>
        log.Select(l => Listening().Match(l)).Where(m => m.Success).Select(m => new Uri(m.Groups["url"].Value)).LastOrDefault();

    [GeneratedRegex(@"HTTP on (?<url>http://[^\s/]+)/?:")]
    private static partial Regex Listening();
}
