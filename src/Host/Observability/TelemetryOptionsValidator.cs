using Microsoft.Extensions.Options;
using Pulse.Host.Configuration;

namespace Pulse.Host.Observability;

/// <summary>Checks <see cref="TelemetryOptions"/> at start-up; each message names the setting and never echoes a URL (it may hold a token).</summary>
internal sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        var errors = new SettingErrors();
        if (Telemetry.ParseLogFormat(options.LogFormat) is null)
            errors.Add("Telemetry:LogFormat", "must be 'simple' or 'json'.");
        if (!string.IsNullOrWhiteSpace(options.OtlpEndpoint) && !IsHttpUrl(options.OtlpEndpoint))
            errors.Add("Telemetry:OtlpEndpoint", "must be an absolute http(s) URL, e.g. http://localhost:4317.");
        if (Telemetry.ParseProtocol(options.OtlpProtocol) is null)
            errors.Add("Telemetry:OtlpProtocol", "must be 'grpc' or 'http/protobuf'.");
        return errors.Result();
    }

    internal static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
