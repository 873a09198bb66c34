using Microsoft.Extensions.Options;
using Pulse.Host.Configuration;

namespace Pulse.Host.Init;

/// <summary>Checks <see cref="TopicsOptions"/> at start-up; each message names the setting.</summary>
internal sealed class TopicsOptionsValidator : IValidateOptions<TopicsOptions>
{
    public ValidateOptionsResult Validate(string? name, TopicsOptions options)
    {
        var errors = new SettingErrors();
        errors.Range("Topics:Partitions", options.Partitions, 1, 10_000);
        if (options.ReplicationFactor is 0 or < -1) errors.Add("Topics:ReplicationFactor", "must be -1 (the broker's default) or at least 1.");
        errors.TopicName("Topics:VehiclePositions", options.VehiclePositions);
        errors.TopicName("Topics:DispatchOrders", options.DispatchOrders);
        errors.Range("Topics:CreateTimeoutMs", options.CreateTimeoutMs, 1_000, 600_000);
        return errors.Result();
    }
}
