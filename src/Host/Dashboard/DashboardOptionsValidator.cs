using Microsoft.Extensions.Options;
using Pulse.Host.Configuration;
using Pulse.Host.Observability;

namespace Pulse.Host.Dashboard;

/// <summary>Checks <see cref="DashboardOptions"/> at start-up; each message names the setting.</summary>
internal sealed class DashboardOptionsValidator : IValidateOptions<DashboardOptions>
{
    public ValidateOptionsResult Validate(string? name, DashboardOptions options)
    {
        var errors = new SettingErrors();
        if (HttpEndpointOptionsValidator.TryParse(options.Urls ?? "") is null)
            errors.Add("Dashboard:Urls", "must be http://HOST:PORT with HOST an IP address, localhost or * (e.g. http://127.0.0.1:8080).");
        Positive(errors, "Dashboard:NoDataAfter", options.NoDataAfter, TimeSpan.FromDays(1));
        Positive(errors, "Dashboard:Trend", options.Trend, TimeSpan.FromHours(1));
        Positive(errors, "Dashboard:PushInterval", options.PushInterval, TimeSpan.FromSeconds(10));
        Positive(errors, "Dashboard:PatientLookback", options.PatientLookback, TimeSpan.FromDays(30));
        errors.Range("Dashboard:Backlog", options.Backlog, 0, 1_000_000);
        if (!string.IsNullOrWhiteSpace(options.StateUrl)
            && (!Uri.TryCreate(options.StateUrl, UriKind.Absolute, out var state) || state.Scheme is not ("http" or "https")))
            errors.Add("Dashboard:StateUrl", $"must be a replica's http://HOST:PORT (got '{options.StateUrl}').");
        return errors.Result();
    }

    private static void Positive(SettingErrors errors, string key, TimeSpan value, TimeSpan max)
    {
        if (value <= TimeSpan.Zero || value > max) errors.Add(key, $"must be above 0 and at most {max:c} (got {value:c}).");
    }
}
