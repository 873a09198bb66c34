using Microsoft.Extensions.Options;
using Pulse.Host.Configuration;

namespace Pulse.Host.Init;

/// <summary>Checks <see cref="TopicCreationOptions"/> at start-up; each message names the setting.</summary>
internal sealed class TopicCreationOptionsValidator : IValidateOptions<TopicCreationOptions>
{
    public ValidateOptionsResult Validate(string? name, TopicCreationOptions options)
    {
        var errors = new SettingErrors();
        errors.Range("Topics:Partitions", options.Partitions, 1, 10_000);
        if (options.ReplicationFactor is 0 or < -1) errors.Add("Topics:ReplicationFactor", "must be -1 (the broker's default) or at least 1.");
        errors.Range("Topics:CreateTimeoutMs", options.CreateTimeoutMs, 1_000, 600_000);
        return errors.Result();
    }
}
