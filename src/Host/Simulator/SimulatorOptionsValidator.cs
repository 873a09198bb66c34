using Microsoft.Extensions.Options;
using Pulse.Host.Simulator.Internal;

using Pulse.Vitals;

namespace Pulse.Host.Simulator;

/// <summary>
/// Checks <see cref="SimulatorOptions"/> and the raw topic at start-up (<see cref="SimulationPlan.TryCreate"/>):
/// every message names its setting; in csv mode the file must exist and its header name <c>patient_id</c>.
/// </summary>
internal sealed class SimulatorOptionsValidator(IOptions<VitalsTopics> topics) : IValidateOptions<SimulatorOptions>
{
    public ValidateOptionsResult Validate(string? name, SimulatorOptions options)
    {
        SimulationPlan.TryCreate(options, topics.Value, out var result);
        return result;
    }
}
