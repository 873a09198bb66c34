using pulse.vitals;
using Pulse.Streams.Dsl;
using Pulse.Streams.State;
using Pulse.Vitals.Alerts;
using Pulse.Vitals.Internal;
using Pulse.Vitals.Tests.TestSupport;
using static Pulse.Vitals.Tests.TestSupport.AlertReadings;

namespace Pulse.Vitals.Tests.Alerts;

/// <summary>A discharged patient, or one silent for <see cref="AlertOptions.ForgetAfter"/>, is forgotten: episodes close, state goes.</summary>
public class ForgetTests
{
    [Fact]
    public void ADischarge_ClosesTheOpenEpisodes_AndForgetsThePatient()
    {
        using var alerts = new AlertsHarness();
        alerts.Pipe(High(0));
        var raised = Assert.Single(alerts.Dispatch());

        alerts.Discharge(10);

        var closed = Assert.Single(alerts.Notify());
        Assert.Equal((AlertState.RESOLVED, raised.alert_id, 1), (closed.state, closed.alert_id, closed.sequence));
        Assert.Equal("Patient P-17: episode closed, patient discharged.", closed.message);
        Assert.Null(alerts.State());
        alerts.Wait(TimeSpan.FromHours(1));
        Assert.Empty(alerts.All()); // no NO_DATA for a patient who left
    }

    [Fact]
    public void ADischargeOnTheRawTopic_IsNoReading_AndEmptiesEveryPerPatientStore()
    {
        using var pipeline = new VitalsPipeline();
        var reading = new VitalReading { patient_id = "P-17", timestamp = DateTime.UnixEpoch.AddHours(1), heart_rate = 80 };
        pipeline.Pipe(reading);
        Assert.Single(pipeline.Enriched.ReadValuesToList());
        var rolling = pipeline.Driver.GetKeyValueStore<string, RollingReadings>(VitalsTopology.RollingStore);
        var alerts = pipeline.Driver.GetKeyValueStore<string, PatientAlertState>(AlertsStage.StoreName);
        Assert.NotNull(rolling.Get("P-17"));
        Assert.NotNull(alerts.Get("P-17"));

        pipeline.Pipe(new VitalReading { patient_id = "P-17", timestamp = DateTime.UnixEpoch.AddHours(2), discharged = true });

        Assert.True(pipeline.Invalid.IsEmpty);
        Assert.True(pipeline.Enriched.IsEmpty);
        Assert.Null(rolling.Get("P-17"));
        Assert.Null(alerts.Get("P-17"));
    }

    [Fact]
    public void APatientSilentForForgetAfter_IsForgotten_WithTheirEpisodesClosed()
    {
        using var alerts = new AlertsHarness(new AlertOptions { ForgetAfter = TimeSpan.FromHours(2) });
        alerts.Pipe(At(0)).Wait(TimeSpan.FromSeconds(60));
        var noData = Assert.Single(alerts.Notify());

        alerts.Wait(TimeSpan.FromMinutes(118));
        Assert.Empty(alerts.All());
        Assert.NotNull(alerts.State());
        alerts.Wait(TimeSpan.FromMinutes(1));

        var closed = Assert.Single(alerts.Notify());
        Assert.Equal((noData.alert_id, AlertState.RESOLVED), (closed.alert_id, closed.state));
        Assert.Equal("Patient P-17: episode closed, no readings for 2 h: patient forgotten.", closed.message);
        Assert.Null(alerts.State());
    }

    [Fact]
    public void TheStore_DoesNotGrowWithPatientsWhoLeft()
    {
        using var alerts = new AlertsHarness(new AlertOptions { ForgetAfter = TimeSpan.FromHours(1) }, storeType: StoreType.InMemory);
        for (var p = 0; p < 500; p++) alerts.Pipe(At(p, $"P-{p}"));
        var store = alerts.Driver.GetKeyValueStore<string, PatientAlertState>(AlertsStage.StoreName);
        Assert.Equal(500, store.ApproximateNumEntries);

        alerts.Wait(TimeSpan.FromMinutes(30)).Pipe(At(2000, "P-0")).Wait(TimeSpan.FromMinutes(31));

        Assert.Equal(["P-0"], store.All().Select(e => e.Key));
    }
}
