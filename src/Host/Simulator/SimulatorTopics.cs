namespace Pulse.Host.Simulator;

/// <summary>
/// The topic the simulator publishes to, bound from <see cref="Section"/>: the same section and
/// name as the topology's topic options, so renaming the raw topic there renames it here.
/// </summary>
public sealed class SimulatorTopics
{
    /// <summary>The configuration section this name binds from.</summary>
    public const string Section = "Vitals:Topics";

    /// <summary>Raw readings, keyed by patient id (<c>--topic</c>).</summary>
    public string Raw { get; set; } = "vitals.raw";
}
