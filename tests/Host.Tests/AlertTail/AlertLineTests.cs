using System.Text.Json;
using pulse.vitals;
using Pulse.Host.AlertTail;
using Pulse.Host.Tests.TestSupport;

namespace Pulse.Host.Tests.AlertTail;

/// <summary>How one alert event reads in <c>pulse alerts</c>' text and JSON lines.</summary>
public sealed class AlertLineTests
{
    [Fact]
    public void Text_HasTimePatientRuleSeverityStateNews2MessageAndLocation()
    {
        var alert = VitalRecords.Alert("p-17", AlertState.ESCALATED, VitalRecords.Start.AddMinutes(3));
        alert.latitude = 51.5;
        alert.longitude = -0.12;

        var line = AlertLine.Text(alert);

        Assert.StartsWith("2026-11-23T08:03:00.000Z  p-17 ", line, StringComparison.Ordinal);
        foreach (var part in new[] { " NEWS2 ", " CRITICAL ", " ESCALATED ", "NEWS2 6 ", "Patient p-17: NEWS2 6 (medium risk).", "51.50000,-0.12000" })
            Assert.Contains(part, line, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_ShowsMissingNews2AndLocationAsDashes()
    {
        var alert = VitalRecords.Alert("p-1", AlertState.RAISED, VitalRecords.Start);
        alert.news2_score = null;
        alert.latitude = null;
        alert.longitude = null;

        var line = AlertLine.Text(alert);

        Assert.Contains("NEWS2 - ", line, StringComparison.Ordinal);
        Assert.EndsWith("  -", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_IsOneObjectWithEveryFieldAndWhereItWasRead()
    {
        var alert = VitalRecords.Alert("p-2", AlertState.RAISED, VitalRecords.Start);
        alert.latitude = null;

        var line = AlertLine.Json(alert, "alerts.dispatch", 2, 41);

        Assert.DoesNotContain('\n', line);
        using var json = JsonDocument.Parse(line);
        var o = json.RootElement;
        Assert.Equal("alerts.dispatch", o.GetProperty("topic").GetString());
        Assert.Equal(2, o.GetProperty("partition").GetInt32());
        Assert.Equal(41, o.GetProperty("offset").GetInt64());
        Assert.Equal(alert.alert_id, o.GetProperty("alert_id").GetString());
        Assert.Equal("p-2", o.GetProperty("patient_id").GetString());
        Assert.Equal("2026-11-23T08:00:00.000Z", o.GetProperty("timestamp").GetString());
        Assert.Equal("NEWS2", o.GetProperty("rule").GetString());
        Assert.Equal("WARNING", o.GetProperty("severity").GetString());
        Assert.Equal("RAISED", o.GetProperty("state").GetString());
        Assert.Equal(6, o.GetProperty("news2_score").GetInt32());
        Assert.Equal(JsonValueKind.Null, o.GetProperty("latitude").ValueKind);
        Assert.Equal(6, o.GetProperty("trigger_values").GetProperty("news2").GetDouble());
        Assert.Equal(alert.message, o.GetProperty("message").GetString());
        Assert.Equal((0, "CLINICAL", 0), (o.GetProperty("sequence").GetInt32(), o.GetProperty("kind").GetString(), o.GetProperty("reminders").GetInt32()));
        var finding = Assert.Single(o.GetProperty("findings").EnumerateArray());
        Assert.Equal(("NEWS2", "2026-11-23T07:59:45.000Z", 6.0),
            (finding.GetProperty("rule").GetString(), finding.GetProperty("since").GetString(), finding.GetProperty("values").GetProperty("news2").GetDouble()));
        Assert.Equal(118, o.GetProperty("vitals").GetProperty("heart_rate").GetDouble());
        Assert.Equal(JsonValueKind.Null, o.GetProperty("acknowledged_by").ValueKind);
    }
}
