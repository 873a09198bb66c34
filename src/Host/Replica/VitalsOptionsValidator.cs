using Microsoft.Extensions.Options;
using Pulse.Vitals;

namespace Pulse.Host.Replica;

/// <summary>
/// Checks <see cref="VitalsOptions"/> at start-up with the topology's own rules
/// (<see cref="VitalsOptions.Validate"/>), whose messages start with the setting's key.
/// </summary>
internal sealed class VitalsOptionsValidator : IValidateOptions<VitalsOptions>
{
    public ValidateOptionsResult Validate(string? name, VitalsOptions options)
    {
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
