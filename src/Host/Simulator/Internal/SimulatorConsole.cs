namespace Pulse.Host.Simulator.Internal;

/// <summary>
/// Where progress and the summary go (stdout; logs go to stderr), and whether it is a terminal:
/// a terminal gets a progress bar redrawn in place, redirected output gets plain periodic lines.
/// </summary>
internal sealed class SimulatorConsole(TextWriter output, bool interactive, int width = 0)
{
    /// <summary>The process's stdout; a terminal unless <see cref="Console.IsOutputRedirected"/>.</summary>
    public static SimulatorConsole System()
    {
        var interactive = !Console.IsOutputRedirected;
        return new SimulatorConsole(Console.Out, interactive, interactive ? TerminalWidth() : 0);
    }

    public TextWriter Output { get; } = output;

    public bool Interactive { get; } = interactive;

    /// <summary>The terminal's width in characters, 0 when unknown: a redrawn line must not wrap, or <c>\r</c> cannot take it back.</summary>
    public int Width { get; } = width;

    private static int TerminalWidth()
    {
        try
        {
            return Console.WindowWidth;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
