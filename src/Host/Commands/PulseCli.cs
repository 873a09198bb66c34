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
            DashboardCommand.Create(),
            ArchiveCommand.Create(),
            BatchCommand.Create(),
            DemoCommand.Create(),
        };
        return root;
    }

    /// <summary>
    /// Parses <paramref name="args"/> and runs the command; a command line the parser refuses is
    /// reported one line per problem on the error writer (<see cref="CommandLineErrors"/>), exit code 2.
    /// </summary>
    public static async Task<int> InvokeAsync(string[] args, InvocationConfiguration? invocation = null)
    {
        invocation ??= Invocation();
        var parse = Create().Parse(args);
        if (parse.Errors.Count == 0 || parse.Action is System.CommandLine.Help.HelpAction)
            return await parse.InvokeAsync(invocation).ConfigureAwait(false);
        foreach (var line in CommandLineErrors.Describe(parse))
            await invocation.Error.WriteLineAsync(line).ConfigureAwait(false);
        return CommandLineErrors.ExitCode;
    }

    /// <summary>
    /// Ctrl+C and SIGTERM are the generic host's to handle (a clean stop finishes or abandons the
    /// batch in hand), so System.CommandLine does not install its own handler.
    /// </summary>
    public static InvocationConfiguration Invocation() => new() { ProcessTerminationTimeout = null };
}
