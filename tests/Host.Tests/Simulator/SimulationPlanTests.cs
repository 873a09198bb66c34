using Pulse.Host.Simulator;
using Pulse.Host.Simulator.Internal;
using Pulse.Host.Tests.TestSupport;
using static Pulse.Host.Tests.TestSupport.SimulatorTestPlans;

namespace Pulse.Host.Tests.Simulator;

public class SimulationPlanTests
{
    [Fact]
    public void Defaults_TenPatientsInAMixedScenario_ReportOnceASecondEachUntilStopped()
    {
        var plan = Plan(o => o.Seed = null);

        Assert.Equal(SimulationMode.Random, plan.Mode);
        Assert.Equal((10, Scenario.Mixed, 10.0), (plan.Patients, plan.Scenario, plan.Rate!.Value));
        Assert.Null(plan.Duration);
        Assert.Null(plan.ReadingLimit);
        Assert.Null(plan.WallClockLimit);
        Assert.False(plan.SeedGiven);
        Assert.Equal("vitals.raw", plan.Topic);
        Assert.Equal(TimeSpan.FromMinutes(10), plan.Deterioration);
    }

    [Fact]
    public void CsvFile_ImpliesCsvMode_ReplayedAsFastAsPossible()
    {
        var plan = Plan(o => o.Csv = Samples.VitalsCsvPath());

        Assert.Equal(SimulationMode.Csv, plan.Mode);
        Assert.Null(plan.Rate);
        Assert.Equal(Path.GetFullPath(Samples.VitalsCsvPath()), plan.CsvPath);
    }

    [Fact]
    public void PacedRunWithADuration_PublishesDurationTimesRateReadings()
    {
        Assert.Equal(150, Plan(o =>
        {
            o.Rate = 50;
            o.Duration = "3s";
        }).ReadingLimit);
        Assert.Equal(1, Plan(o =>
        {
            o.Rate = 0.5;
            o.Duration = "1s";
        }).ReadingLimit);
    }

    [Fact]
    public void UnpacedCsvRunWithADuration_StopsByTheClock()
    {
        var plan = Plan(o =>
        {
            o.Mode = "CSV";
            o.Csv = Samples.VitalsCsvPath();
            o.Duration = "1m30s";
        });

        Assert.Null(plan.ReadingLimit);
        Assert.Equal(TimeSpan.FromSeconds(90), plan.WallClockLimit);
    }

    [Fact]
    public void StartAndSeed_AreTakenAsGiven()
    {
        var plan = Plan(o =>
        {
            o.Seed = 7;
            o.Start = "2026-11-23T09:00:00+01:00";
        });

        Assert.Equal((7, true), (plan.Seed, plan.SeedGiven));
        Assert.Equal(Start, plan.Start);
    }

    [Fact]
    public void BadSettings_AreAllNamedAtOnce()
    {
        var problems = Problems(o =>
        {
            o.Mode = "replay";
            o.Scenario = "sick";
            o.Patients = 0;
            o.Rate = -1;
            o.Duration = "soon";
            o.Deterioration = "0s";
            o.Start = "2026-11-23T08:00:00";
            o.DeterioratingShare = 1.5;
            o.Latitude = 91;
            o.Longitude = -181;
            o.RadiusKm = -1;
            o.ArtefactRate = 0.9;
            o.MissingRate = -0.1;
            o.ReportEvery = "never";
        });

        Assert.Equal(
            [
                "Simulator:Mode must be random or csv (got 'replay').",
                "Simulator:Scenario must be normal, deteriorating or mixed (got 'sick').",
                "Simulator:Patients must be a count between 1 and 100000 (got 0), or patient ids separated by commas.",
                "Simulator:Rate must be 0 (the default) or a positive number of readings per second (got -1).",
                "Simulator:Duration must be a positive duration like 30s, 5m, 1h30m, 250ms or 00:05:00 (got 'soon').",
                "Simulator:Deterioration must be a positive duration like 30s, 5m, 1h30m, 250ms or 00:05:00 (got '0s').",
                "Simulator:ReportEvery must be a positive duration like 30s, 5m, 1h30m, 250ms or 00:05:00 (got 'never').",
                "Simulator:Start must be an ISO-8601 time with a UTC offset, like 2026-01-01T08:00:00Z, or epoch milliseconds (got '2026-11-23T08:00:00').",
                "Simulator:DeterioratingShare must be between 0 and 1 (got 1.5).",
                "Simulator:ArtefactRate must be between 0 and 0.5 (got 0.9).",
                "Simulator:MissingRate must be between 0 and 0.5 (got -0.1).",
                "Simulator:Latitude must be between -90 and 90 (got 91).",
                "Simulator:Longitude must be between -180 and 180 (got -181).",
                "Simulator:RadiusKm must be between 0 and 1000 (got -1).",
            ],
            problems);
    }

    [Theory]
    [InlineData("random,csv")]
    [InlineData("1")]
    [InlineData("")]
    public void ModesAndScenarios_OnlyTheirNamesAreTaken(string text)
    {
        Assert.Equal($"Simulator:Scenario must be normal, deteriorating or mixed (got '{text}').", Assert.Single(Problems(o => o.Scenario = text)));
        if (text.Length > 0)
            Assert.Equal($"Simulator:Mode must be random or csv (got '{text}').", Assert.Single(Problems(o => o.Mode = text)));
    }

    [Theory]
    [InlineData(" Random ", "Random")]
    [InlineData("CSV", "Csv")]
    public void Modes_AreReadInAnyCase(string text, string mode) =>
        Assert.Equal(mode, Plan(o =>
        {
            o.Mode = text;
            if (mode == "Csv") o.Csv = Samples.VitalsCsvPath();
        }).Mode.ToString());

    [Fact]
    public void RateThatWouldStampTwoReadingsOfAPatientInOneMillisecond_IsRefused()
    {
        var problem = Assert.Single(Problems(o =>
        {
            o.Patients = 2;
            o.Rate = 2001;
        }));
        Assert.StartsWith("Simulator:Rate must be at most 1000 readings per second per patient (2000 for 2 patients)", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void CsvMode_NeedsAFile()
    {
        Assert.Equal(["Simulator:Csv is required in csv mode: the file to replay."], Problems(o => o.Mode = "csv"));
        Assert.Equal(["Simulator:Csv '/no/such/file.csv' does not exist."], Problems(o => o.Csv = "/no/such/file.csv"));
        Assert.Equal(["Simulator:Csv is set, but Simulator:Mode is random; use --mode csv to replay the file, or drop --csv."],
            Problems(o =>
            {
                o.Mode = "random";
                o.Csv = Samples.VitalsCsvPath();
            }));
    }

    [Fact]
    public void CsvFileWithoutPatientId_IsRefusedAtStart()
    {
        var path = Path.Combine(Path.GetTempPath(), $"pulse-sim-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "id,heart_rate\n1,70\n");
        try
        {
            Assert.Equal([$"Simulator:Csv '{path}': the header has no patient_id column (it has: id, heart_rate)."], Problems(o => o.Csv = path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("30s", 30_000)]
    [InlineData("5m", 300_000)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("250ms", 250)]
    [InlineData("1.5s", 1_500)]
    [InlineData("2H", 7_200_000)]
    [InlineData("1d", 86_400_000)]
    [InlineData("90", 90_000)]
    [InlineData("00:05:00", 300_000)]
    [InlineData(" 10s ", 10_000)]
    public void Durations_ReadAsPeopleWriteThem(string text, long milliseconds)
    {
        Assert.True(DurationText.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("5 minutes")]
    [InlineData("5m30")]
    [InlineData("-5s")]
    [InlineData("s")]
    public void OtherDurations_AreRefused(string text) => Assert.False(DurationText.TryParse(text, out _));

    [Theory]
    [InlineData(250, "250ms")]
    [InlineData(26_369, "26s")]
    [InlineData(126_180, "2m6s")]
    [InlineData(600_000, "10m")]
    [InlineData(5_400_000, "1h30m")]
    [InlineData(3_600_000, "1h")]
    [InlineData(3_605_000, "1h5s")]
    public void Durations_AreWrittenBackTheWayTheyAreRead(long milliseconds, string text)
    {
        Assert.Equal(text, DurationText.Format(TimeSpan.FromMilliseconds(milliseconds)));
        Assert.True(DurationText.TryParse(text, out var back));
        Assert.Equal(milliseconds < 1000 ? TimeSpan.FromMilliseconds(milliseconds) : TimeSpan.FromSeconds(Math.Round(milliseconds / 1000.0)), back);
    }
}
