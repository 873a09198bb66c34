using Microsoft.Extensions.Options;
using Pulse.Vitals;

namespace Pulse.Host.Configuration;

/// <summary>Checks <see cref="VitalsTopics"/> at start-up with the topology's own rules (<see cref="VitalsTopics.Validate"/>).</summary>
internal sealed class VitalsTopicsValidator : IValidateOptions<VitalsTopics>
{
    public ValidateOptionsResult Validate(string? name, VitalsTopics options)
    {
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
