using System.CommandLine;
using Pulse.Host.Commands;

namespace Pulse.Host.Tests.TestSupport;

/// <summary>Runs the <c>pulse</c> command line inside the test process (for help and parse errors: nothing starts).</summary>
internal static class Cli
{
    public static (int ExitCode, string Output, string Error) Invoke(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = PulseCli.InvokeAsync(args, new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null })
            .GetAwaiter().GetResult();
        return (exit, output.ToString(), error.ToString());
    }
}
