using Pulse.Host.Tests.TestSupport;

namespace Pulse.Host.Tests.Commands;

/// <summary>What the parser refuses: one line per problem naming the flag, "see --help", exit code 2, and no help text dumped.</summary>
public class CommandLineErrorsTests
{
    [Fact]
    public void MisspeltFlag_ExitsTwo_WithOneLineSuggestingTheFlag()
    {
        var (exit, output, error) = Cli.Invoke("simulate", "--duraton", "30s");

        Assert.Equal(2, exit);
        Assert.Equal("pulse simulate: unknown flag '--duraton' (did you mean '--duration'?); see 'pulse simulate --help'.", error.Trim());
        Assert.Empty(output);
    }

    [Theory]
    [InlineData("sink", "--batch-size", "lots", "pulse sink: --batch-size must be a whole number (got 'lots'); see 'pulse sink --help'.")]
    [InlineData("demo", "--speed", "fast", "pulse demo: --speed must be a number (got 'fast'); see 'pulse demo --help'.")]
    [InlineData("run", "--threads", "two", "pulse run: --threads must be a whole number (got 'two'); see 'pulse run --help'.")]
    public void UnparsableValue_ExitsTwo_NamingTheFlagAndTheValue(string command, string flag, string value, string expected)
    {
        var (exit, _, error) = Cli.Invoke(command, flag, value);

        Assert.Equal(2, exit);
        Assert.Equal(expected, error.Trim());
    }

    [Fact]
    public void FlagWithoutItsValue_SaysWhatItNeeds()
    {
        var (exit, _, error) = Cli.Invoke("simulate", "--rate");

        Assert.Equal(2, exit);
        Assert.Equal("pulse simulate: --rate needs a value (a number); see 'pulse simulate --help'.", error.Trim());
    }

    [Theory]
    [InlineData("--bye", "pulse alerts ack: unknown flag '--bye' (did you mean '--by'?); see 'pulse alerts ack --help'.")]
    [InlineData("--nothing-like-it", "pulse alerts ack: unknown flag '--nothing-like-it'; see 'pulse alerts ack --help'.")]
    public void MisspeltFlag_WhereAnArgumentGoes_IsAnUnknownFlag_NotTheArgument(string token, string expected)
    {
        var (exit, _, error) = Cli.Invoke("alerts", "ack", token, "--bootstrap-servers", "127.0.0.1:9");

        Assert.Equal(2, exit);
        Assert.Equal(expected, error.Trim());
    }

    [Fact]
    public void MisspeltCommand_SuggestsTheCommand()
    {
        var (exit, _, error) = Cli.Invoke("simulat");

        Assert.Equal(2, exit);
        Assert.Equal("pulse: unknown command 'simulat' (did you mean 'simulate'?); see 'pulse --help'.", error.Trim());
    }

    [Fact]
    public void NoCommand_ListsTheCommands()
    {
        var (exit, _, error) = Cli.Invoke();

        Assert.Equal(2, exit);
        Assert.StartsWith("pulse: choose a command: sink, simulate, run, init, broker, alerts, dashboard, archive, batch, demo", error.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public void SeveralProblems_OneLineEach()
    {
        var (exit, _, error) = Cli.Invoke("sink", "--batch-sise", "5", "--linger-ms", "soon", "extra");

        Assert.Equal(2, exit);
        Assert.Equal(
            [
                "pulse sink: unknown flag '--batch-sise' (did you mean '--batch-size'?); see 'pulse sink --help'.",
                "pulse sink: unexpected argument 'extra'; see 'pulse sink --help'.",
                "pulse sink: --linger-ms must be a whole number (got 'soon'); see 'pulse sink --help'.",
            ],
            error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [Fact]
    public void Help_StillPrintsTheHelp()
    {
        var (exit, output, _) = Cli.Invoke("simulate", "--help");

        Assert.Equal(0, exit);
        Assert.Contains("--interval", output, StringComparison.Ordinal);
    }
}
