using System.Net;
using Microsoft.Extensions.Options;
using Pulse.Host.Configuration;

namespace Pulse.Host.Observability;

/// <summary>Checks <see cref="HttpEndpointOptions"/> at start-up: <c>none</c>, or http://host:port with an IP address or localhost.</summary>
internal sealed class HttpEndpointOptionsValidator : IValidateOptions<HttpEndpointOptions>
{
    public ValidateOptionsResult Validate(string? name, HttpEndpointOptions options)
    {
        var errors = new SettingErrors();
        if (options.Address is { } address && !string.Equals(address.Trim(), HttpEndpointOptions.None, StringComparison.OrdinalIgnoreCase)
            && TryParse(address) is null)
            errors.Add("Http:Address", "must be 'none' or http://HOST:PORT with HOST an IP address, localhost or * (e.g. http://0.0.0.0:9464).");
        return errors.Result();
    }

    /// <summary>The address and port of <paramref name="address"/>, or null when it is not http://HOST:PORT.</summary>
    internal static IPEndPoint? TryParse(string address)
    {
        if (!Uri.TryCreate(address.Trim().Replace("://*:", "://0.0.0.0:", StringComparison.Ordinal), UriKind.Absolute, out var uri)
            || uri.Scheme != Uri.UriSchemeHttp || uri.AbsolutePath != "/" || !string.IsNullOrEmpty(uri.Query) || uri.IsDefaultPort)
            return null;
        var ip = uri.Host == "localhost" ? IPAddress.Loopback : IPAddress.TryParse(uri.Host.Trim('[', ']'), out var parsed) ? parsed : null;
        return ip is null ? null : new IPEndPoint(ip, uri.Port);
    }
}
