using Pulse.Host.Simulator;
using Pulse.Host.Tests.TestSupport;

namespace Pulse.Host.Tests.Simulator;

/// <summary>
/// Patients as the producers Pulse replaces took them: a list of ids and an interval per patient
/// (<c>--patients "P001,P002,P003" --interval 2s</c>), beside a count and a total rate.
/// </summary>
public class SimulationPlanPatientsTests
{
    [Fact]
    public void PatientIds_AreThePatientsInTheirOrder()
    {
        var plan = SimulatorTestPlans.Plan(o => o.PatientIds = "P001, P002,P003");

        Assert.Equal(["P001", "P002", "P003"], plan.PatientIds);
        Assert.Equal(3, plan.Patients);
        Assert.Equal(3.0, plan.Rate);
    }

    [Fact]
    public void APatientCount_NumbersThePatients()
    {
        var plan = SimulatorTestPlans.Plan(o => o.Patients = 3);

        Assert.Equal(["P-0001", "P-0002", "P-0003"], plan.PatientIds);
    }

    [Fact]
    public void Interval_IsPerPatient_SoTheRateIsPatientsOverInterval()
    {
        var plan = SimulatorTestPlans.Plan(o =>
        {
            o.PatientIds = "P001,P002,P003";
            o.Interval = "2s";
        });

        Assert.Equal(1.5, plan.Rate);
    }

    [Fact]
    public void IntervalAndRate_BothGiven_AreRefusedOnce()
    {
        var problems = SimulatorTestPlans.Problems(o =>
        {
            o.Rate = 5;
            o.Interval = "2s";
        });

        Assert.Equal(
            ["Simulator:Interval and Simulator:Rate are both set: give the time between one patient's readings (--interval) or the total rate (--rate), not both."],
            problems);
    }

    [Fact]
    public void ANegativeCount_IsReportedAlone_NotAgainAsADerivedRate()
    {
        var problems = SimulatorTestPlans.Problems(o => o.Patients = -5);

        Assert.Equal(["Simulator:Patients must be a count between 1 and 100000 (got -5), or patient ids separated by commas."], problems);
    }

    [Theory]
    [InlineData("P1,,P2", "has an empty id")]
    [InlineData("P1,P1", "names 'P1' twice")]
    public void BadIds_AreRefusedSayingWhy(string ids, string problem)
    {
        var problems = SimulatorTestPlans.Problems(o => o.PatientIds = ids);

        Assert.StartsWith($"Simulator:PatientIds {problem}; give ids separated by commas", Assert.Single(problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Interval_InCsvMode_IsRefused()
    {
        var csv = Samples.VitalsCsvPath();
        var problems = SimulatorTestPlans.Problems(o =>
        {
            o.Csv = csv;
            o.Interval = "2s";
        });

        Assert.Contains("Simulator:Interval applies to generated patients (random mode); a csv replay is paced by --rate.", problems);
    }
}
