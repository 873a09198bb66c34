using System.CommandLine;

namespace Pulse.Host.Commands;

/// <summary>The <c>pulse</c> command line: one subcommand per file in <c>Commands/</c>.</summary>
internal static class PulseCli
{
    public static RootCommand Create()
    {
        var root = new RootCommand("Pulse: patient vitals on Kafka Streams-style processing, with a PostgreSQL sink.")
        {
            SinkCommand.Create(),
            SimulateCommand.Create(),
            RunCommand.Create(),
            InitCommand.Create(),
            BrokerCommand.Create(),
            AlertsCommand.Create(),
            DemoCommand.Create(),
        };
        return root;
    }

    /// <summary>
    /// Ctrl+C and SIGTERM are the generic host's to handle (a clean stop finishes or abandons the
    /// batch in hand), so System.CommandLine does not install its own handler.
    /// </summary>
    public static InvocationConfiguration Invocation() => new() { ProcessTerminationTimeout = null };
}
