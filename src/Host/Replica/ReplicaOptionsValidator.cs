using Microsoft.Extensions.Options;
using Pulse.Host.Configuration;

namespace Pulse.Host.Replica;

/// <summary>Checks <see cref="ReplicaOptions"/> at start-up; each message names the setting.</summary>
internal sealed class ReplicaOptionsValidator : IValidateOptions<ReplicaOptions>
{
    public ValidateOptionsResult Validate(string? name, ReplicaOptions options)
    {
        var errors = new SettingErrors();
        if (string.IsNullOrWhiteSpace(options.ApplicationId) || !options.ApplicationId.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            errors.Add("Streams:ApplicationId", "must be non-empty and use only ASCII letters, digits, '.', '_' and '-'.");
        errors.Required("Streams:StateDir", options.StateDir);
        errors.Range("Streams:Threads", options.Threads, 1, 64);
        errors.Range("Streams:StandbyReplicas", options.StandbyReplicas, 0, 16);
        if (options.CommitIntervalMs is { } commit) errors.Range("Streams:CommitIntervalMs", commit, 1, 3_600_000);
        errors.Range("Streams:CacheMaxBytes", options.CacheMaxBytes, 0, long.MaxValue);
        if (options.ReplicationFactor is 0 or < -1) errors.Add("Streams:ReplicationFactor", "must be -1 (the broker's default) or at least 1.");
        errors.Range("Streams:CloseTimeoutMs", options.CloseTimeoutMs, 1_000, 600_000);
        return errors.Result();
    }
}

