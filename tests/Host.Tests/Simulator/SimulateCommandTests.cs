using System.CommandLine;
using Pulse.Host.Commands;
using Pulse.Host.Tests.TestSupport;

namespace Pulse.Host.Tests.Simulator;

/// <summary><c>pulse simulate</c>'s start-up errors: each bad setting named with its flag and environment variable; nothing is published.</summary>
public class SimulateCommandTests
{
    private static readonly string[] Broker = ["--bootstrap-servers", "localhost:1"];

    [Fact]
    public async Task UnknownMode_NamesTheFlag()
    {
        var (code, error) = await Invoke([.. Broker, "--mode", "replay"]);

        Assert.Equal(2, code);
        Assert.Contains("pulse simulate: invalid settings:", error, StringComparison.Ordinal);
        Assert.Contains("Simulator:Mode must be random or csv (got 'replay'). [set it with --mode, PULSE__Simulator__Mode or in appsettings.json]", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownScenario_NamesTheFlag()
    {
        var (code, error) = await Invoke([.. Broker, "--scenario", "sick"]);

        Assert.Equal(2, code);
        Assert.Contains("Simulator:Scenario must be normal, deteriorating or mixed (got 'sick'). [set it with --scenario,", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CsvModeWithoutAFile_NamesTheCsvFlag()
    {
        var (code, error) = await Invoke([.. Broker, "--mode", "csv"]);

        Assert.Equal(2, code);
        Assert.Contains("Simulator:Csv is required in csv mode: the file to replay. [set it with --csv,", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingFile_NamesTheCsvFlagAndThePath()
    {
        var (code, error) = await Invoke([.. Broker, "--mode", "csv", "--csv", "/no/such/vitals.csv"]);

        Assert.Equal(2, code);
        Assert.Contains("Simulator:Csv '/no/such/vitals.csv' does not exist. [set it with --csv,", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FileWithoutAPatientIdColumn_NamesTheCsvFlag()
    {
        var path = Path.Combine(Path.GetTempPath(), $"pulse-sim-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(path, "timestamp,heart_rate\n2026-11-23T08:00:00Z,70\n");
        try
        {
            var (code, error) = await Invoke([.. Broker, "--csv", path]);

            Assert.Equal(2, code);
            Assert.Contains($"Simulator:Csv '{path}': the header has no patient_id column (it has: timestamp, heart_rate). [set it with --csv,", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task BadDurationsRatesAndMissingBrokers_AreReportedTogether()
    {
        var (code, error) = await Invoke(["--duration", "soon", "--rate", "-3", "--start", "tomorrow"]);

        Assert.Equal(2, code);
        Assert.Contains("Kafka:BootstrapServers is required. [set it with --bootstrap-servers,", error, StringComparison.Ordinal);
        Assert.Contains("Simulator:Duration must be a positive duration like 30s, 5m, 1h30m, 250ms or 00:05:00 (got 'soon'). [set it with --duration,", error, StringComparison.Ordinal);
        Assert.Contains("Simulator:Rate must be 0 (the default) or a positive number of readings per second (got -3). [set it with --rate,", error, StringComparison.Ordinal);
        Assert.Contains("Simulator:Start must be an ISO-8601 time with a UTC offset", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PatientsFlag_AsAList_SetsThePatientIds_AndTheirProblemsNameTheFlag()
    {
        var (code, error) = await Invoke([.. Broker, "--patients", "P001,,P002"]);

        Assert.Equal(2, code);
        Assert.Contains("Simulator:PatientIds has an empty id; give ids separated by commas", error, StringComparison.Ordinal);
        Assert.Contains("[set it with --patients,", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PatientsFlag_NegativeCount_IsTheOnlyProblemReported()
    {
        var (code, error) = await Invoke([.. Broker, "--patients", "-5"]);

        Assert.Equal(2, code);
        Assert.Equal(
            [
                "pulse simulate: invalid settings:",
                "Simulator:Patients must be a count between 1 and 100000 (got -5), or patient ids separated by commas. " +
                "[set it with --patients, PULSE__Simulator__Patients or in appsettings.json]",
            ],
            error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [Fact]
    public async Task IntervalAndRate_BothOnTheCommandLine_AreRefusedNamingTheInterval()
    {
        var (code, error) = await Invoke([.. Broker, "--patients", "P001,P002,P003", "--interval", "2s", "--rate", "5"]);

        Assert.Equal(2, code);
        Assert.Contains("Simulator:Interval and Simulator:Rate are both set", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FlagOfTheWrongType_IsRefusedByTheParser_NamingIt()
    {
        var (code, error) = await Invoke([.. Broker, "--rate", "many"]);

        Assert.Equal(2, code);
        Assert.Equal("pulse simulate: --rate must be a number (got 'many'); see 'pulse simulate --help'.", error.Trim());
    }

    [Fact]
    public void BadEnvironmentVariable_IsNamedWithItsFlag()
    {
        using var pulse = PulseProcess.Run(["simulate", .. Broker], new Dictionary<string, string>
        {
            ["PULSE__Simulator__Rate"] = "fast",
            ["PULSE__Simulator__Scenario"] = "weird",
        });

        Assert.Equal(2, pulse.ExitCode);
        Assert.True(pulse.Logged("Simulator:Rate must be a number. [set it with --rate, PULSE__Simulator__Rate or in appsettings.json]"), pulse.Output());
    }

    [Fact]
    public void MisspeltSetting_IsRefused()
    {
        using var pulse = PulseProcess.Run(["simulate", .. Broker], new Dictionary<string, string> { ["PULSE__Simulator__Pateints"] = "5" });

        Assert.Equal(2, pulse.ExitCode);
        Assert.True(pulse.Logged("Pateints is not a setting; check its spelling."), pulse.Output());
    }

    [Fact]
    public async Task Help_ListsEveryFlag()
    {
        using var output = new StringWriter();
        var code = await PulseCli.Create().Parse(["simulate", "--help"]).InvokeAsync(new InvocationConfiguration { Output = output, ProcessTerminationTimeout = null });

        Assert.Equal(0, code);
        foreach (var flag in new[] { "--mode", "--csv", "--rate", "--duration", "--patients", "--scenario", "--seed", "--start", "--topic", "--deterioration", "--center-lat", "--radius-km" })
            Assert.Contains(flag, output.ToString(), StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Error)> Invoke(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await PulseCli.InvokeAsync(["simulate", .. args], new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null });
        return (code, error.ToString());
    }
}
