using Microsoft.Extensions.Options;
using Pulse.Host.Configuration;

namespace Pulse.Host.AlertTail;

/// <summary>Checks <see cref="AlertTailOptions"/> at start-up; each message names the setting.</summary>
internal sealed class AlertTailOptionsValidator : IValidateOptions<AlertTailOptions>
{
    public ValidateOptionsResult Validate(string? name, AlertTailOptions options)
    {
        var errors = new SettingErrors();
        if (options.GroupId is { Length: > 0 } group && (group.Length > 249 || group.Any(char.IsWhiteSpace)))
            errors.Add("AlertTail:GroupId", "must be at most 249 characters without spaces.");
        if (!Simulator.Internal.DurationText.TryParse(options.GiveUpAfter, out var giveUp) || giveUp <= TimeSpan.Zero)
            errors.Add("AlertTail:GiveUpAfter", $"must be a positive duration like {Simulator.Internal.DurationText.Examples} (got '{options.GiveUpAfter}').");
        return errors.Result();
    }
}
