using Microsoft.Extensions.Options;
using Pulse.Host.Configuration;

namespace Pulse.Host.Broker;

/// <summary>Checks <see cref="BrokerOptions"/> at start-up; each message names the setting.</summary>
internal sealed class BrokerOptionsValidator : IValidateOptions<BrokerOptions>
{
    public ValidateOptionsResult Validate(string? name, BrokerOptions options)
    {
        var errors = new SettingErrors();
        errors.Range("Broker:Brokers", options.Brokers, 1, 9);
        if (options.BootstrapFile is { } file && (string.IsNullOrWhiteSpace(file) || file.IndexOfAny(Path.GetInvalidPathChars()) >= 0
            || Directory.Exists(file)))
            errors.Add("Broker:BootstrapFile", "must be a file path (not a directory).");
        return errors.Result();
    }
}
