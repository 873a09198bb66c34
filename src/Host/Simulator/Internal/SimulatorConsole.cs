namespace Pulse.Host.Simulator.Internal;

/// <summary>
/// Where progress and the summary go (stdout; logs go to stderr), and whether it is a terminal:
/// a terminal gets a progress bar redrawn in place, redirected output gets plain periodic lines.
/// </summary>
internal sealed class SimulatorConsole(TextWriter output, bool interactive)
{
    /// <summary>The process's stdout; a terminal unless <see cref="Console.IsOutputRedirected"/>.</summary>
    public static SimulatorConsole System() => new(Console.Out, !Console.IsOutputRedirected);

    public TextWriter Output { get; } = output;

    public bool Interactive { get; } = interactive;
}
