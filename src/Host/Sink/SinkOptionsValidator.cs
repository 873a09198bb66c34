using Microsoft.Extensions.Options;
using Pulse.Host.Configuration;

namespace Pulse.Host.Sink;

/// <summary>Checks <see cref="SinkOptions"/> at start-up; each message names the setting.</summary>
internal sealed class SinkOptionsValidator : IValidateOptions<SinkOptions>
{
    public ValidateOptionsResult Validate(string? name, SinkOptions options)
    {
        var errors = new SettingErrors();
        errors.Required("Sink:GroupId", options.GroupId);
        errors.Range("Sink:BatchSize", options.BatchSize, 1, 1_000_000);
        errors.Range("Sink:LingerMs", options.LingerMs, 0, 60_000);
        errors.TopicName("Sink:DeadLetterTopic", options.DeadLetterTopic);
        errors.Range("Sink:DeadLetterMaxPayloadBytes", options.DeadLetterMaxPayloadBytes, 0, 900_000);
        errors.Range("Sink:RetryInitialDelayMs", options.RetryInitialDelayMs, 1, 60_000);
        errors.Range("Sink:RetryMaxDelayMs", options.RetryMaxDelayMs, options.RetryInitialDelayMs, 600_000);
        if (options.RetryMaxAttempts is { } attempts)
            errors.Range("Sink:RetryMaxAttempts", attempts, 1, int.MaxValue);
        return errors.Result();
    }
}

