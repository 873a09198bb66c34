using Pulse.Host.Tests.TestSupport;

namespace Pulse.Host.Tests.Demo;

/// <summary><c>pulse demo</c>'s command line: help, and start-up errors that name what to fix before anything starts.</summary>
public sealed class DemoCommandTests
{
    [Fact]
    public void Help_ListsEveryFlagWithItsSetting()
    {
        var (exit, output, _) = Cli.Invoke("demo", "--help");

        Assert.Equal(0, exit);
        foreach (var flag in new[] { "--duration", "--patients", "--rate", "--speed", "--csv", "--postgres", "--state-dir", "--replicas", "--seed" })
            Assert.Contains(flag, output, StringComparison.Ordinal);
        Assert.Contains("[Demo:Speed]", output, StringComparison.Ordinal);
        Assert.Contains("[Simulator:Patients]", output, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownFlag_IsAnErrorNamingIt()
    {
        var (exit, _, error) = Cli.Invoke("demo", "--patient", "5");

        Assert.NotEqual(0, exit);
        Assert.Contains("--patient", error, StringComparison.Ordinal);
    }

    [Fact]
    public void FlagOfTheWrongType_IsAnErrorNamingIt()
    {
        var (exit, _, error) = Cli.Invoke("demo", "--speed", "many");

        Assert.NotEqual(0, exit);
        Assert.Contains("many", error, StringComparison.Ordinal);
    }

    [Fact]
    public void BadSettings_StopTheStartWithExitCode2_EachNamedWithItsFlag()
    {
        using var demo = PulseProcess.Run(["demo", "--speed", "0", "--duration", "soon", "--replicas", "9", "--csv", "/nonexistent/file.csv"]);

        Assert.Equal(2, demo.ExitCode);
        Assert.True(demo.Logged("Demo:Speed must be between 1 and 100"), demo.Output());
        Assert.True(demo.Logged("Demo:Duration must be a positive duration"), demo.Output());
        Assert.True(demo.Logged("[set it with --replicas"), demo.Output());
        Assert.True(demo.Logged("Simulator:Csv '/nonexistent/file.csv' does not exist"), demo.Output());
        Assert.False(demo.Logged("Starting the embedded Kafka cluster"), demo.Output());
    }

    [Fact]
    public void BadPostgresConnectionString_IsASettingError_ThatDoesNotEchoIt()
    {
        using var demo = PulseProcess.Run(["demo", "--postgres", "Host=;Password=hunter2"]);

        Assert.Equal(2, demo.ExitCode);
        Assert.True(demo.Logged("Postgres:ConnectionString"), demo.Output());
        Assert.False(demo.Logged("hunter2"), demo.Output());
    }
}
