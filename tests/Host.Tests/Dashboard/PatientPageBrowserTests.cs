using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using pulse.vitals;
using Pulse.Host.Tests.TestSupport;
using Xunit.Abstractions;

namespace Pulse.Host.Tests.Dashboard;

/// <summary>
/// The patient page and the daily statistics page in Chromium, on the ward tests' bed (<see cref="DashboardCollection"/>): trends
/// from PostgreSQL, the latest state, the episode history. Each test uses patients of its own.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class PatientPageBrowserTests(DashboardTestBed bed, ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = DashboardCollection.Timeout;
    private static readonly PageWaitForSelectorOptions Within = DashboardCollection.Within;

    [Fact]
    public async Task PatientPage_ReadingsInPostgres_DrawsTrendsAndState()
    {
        var now = DateTime.UtcNow;
        for (var i = 20; i >= 0; i--) bed.Publish("H-01", r => (r.heart_rate, r.spo2) = (70 + (i % 7), 95 + (i % 3)), now.AddSeconds(-15 * i));
        Wait.Until(() => Sql.Count(bed.ConnectionString, "readings WHERE patient_id = 'H-01'") == 21, Timeout, bed.Describe);

        var page = await bed.Chromium.NewPageAsync();
        await page.GotoAsync(new Uri(bed.Dashboard.Address, "patient.html?id=H-01&hours=1").ToString());
        await page.WaitForSelectorAsync("body[data-loaded=true]", Within);
        Assert.Equal(4, await page.Locator("figure.chart .uplot canvas").CountAsync());
        Assert.Contains("points of", await page.Locator("#range").InnerTextAsync(), StringComparison.Ordinal);
        var state = await page.Locator("#state").InnerTextAsync();
        Assert.Contains("Served by", state, StringComparison.Ordinal);
        Assert.Contains("Rolling window", state, StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(page, "patient");

        var daily = await bed.Chromium.NewPageAsync();
        await daily.GotoAsync(new Uri(bed.Dashboard.Address, "daily.html").ToString());
        await daily.WaitForSelectorAsync("body[data-loaded=true]", Within);
        var row = daily.Locator("#daily tr", new() { Has = daily.Locator("a", new() { HasTextString = "H-01" }) });
        Assert.Equal("21", await row.Locator("td").Nth(2).InnerTextAsync());
        Assert.Equal("not computed", await row.Locator("td").Nth(10).InnerTextAsync());

        // The batch layer computed the day (as pulse batch daily writes it): its times and its check show beside the streaming figures.
        Sql.Execute(bed.ConnectionString, """
            INSERT INTO daily_patient_stats_batch (day, patient_id, reading_count, heart_rate_avg, news2_max, seconds_none, seconds_low, seconds_low_medium, seconds_medium, seconds_high)
            SELECT day, patient_id, reading_count, heart_rate_avg, news2_max, 0, 0, 0, 90, 185 FROM daily_patient_stats WHERE patient_id = 'H-01'
            """);
        await daily.ReloadAsync();
        await daily.WaitForSelectorAsync("body[data-loaded=true]", Within);
        Assert.Equal("3:05 / 1:30", await row.Locator("td").Nth(9).InnerTextAsync());
        Assert.Equal("✓ agrees", await row.Locator("td").Nth(10).InnerTextAsync());
        await Chromium.ScreenshotAsync(daily, "daily");
    }

    [Fact]
    public async Task PatientPage_HoursOfHistory_OlderMinutesFromVitalStatsAndTheLastMinutesFromReadings()
    {
        // The last 5 minutes through the pipeline, a reading every 15 s; and the half hour before the last quarter of an hour, two
        // readings a minute, with its closed 1-minute windows in vital_stats_1m as the sink writes them (computed here from those readings).
        var now = DateTime.UtcNow;
        var recent = new List<(DateTime At, int HeartRate)>();
        for (var i = 20; i >= 0; i--)
        {
            var reading = bed.Publish("H-02", r => r.heart_rate = 70 + (i % 5), now.AddSeconds(-15 * i));
            recent.Add((reading.timestamp, reading.heart_rate!.Value));
        }
        Wait.Until(() => Sql.Count(bed.ConnectionString, "readings WHERE patient_id = 'H-02'") == 21, Timeout, bed.Describe);
        Sql.Execute(bed.ConnectionString, """
            INSERT INTO readings (patient_id, ts, heart_rate, spo2, systolic_bp, diastolic_bp, respiratory_rate, temperature, consciousness, news2_score, news2_risk, status)
            SELECT 'H-02', m + make_interval(secs => s), 60 + k + CASE s WHEN 10 THEN -5 ELSE 5 END, 95, 120, 80, 16, 37.0, 'ALERT', 1, 'LOW', 'NORMAL'
            FROM (SELECT k, date_trunc('minute', now() - interval '45 minutes') + make_interval(mins => k) AS m FROM generate_series(0, 29) k) minutes,
                 (VALUES (10), (40)) AS seconds (s);
            INSERT INTO vital_stats_1m (patient_id, window_start, window_end, reading_count, heart_rate_min, heart_rate_max, heart_rate_mean,
                spo2_min, spo2_max, spo2_mean, systolic_bp_min, systolic_bp_max, systolic_bp_mean, diastolic_bp_min, diastolic_bp_max, diastolic_bp_mean,
                respiratory_rate_min, respiratory_rate_max, respiratory_rate_mean, temperature_min, temperature_max, temperature_mean, news2_max)
            SELECT patient_id, date_trunc('minute', ts), date_trunc('minute', ts) + interval '1 minute', count(*), min(heart_rate), max(heart_rate), avg(heart_rate),
                min(spo2), max(spo2), avg(spo2), min(systolic_bp), max(systolic_bp), avg(systolic_bp), min(diastolic_bp), max(diastolic_bp), avg(diastolic_bp),
                min(respiratory_rate), max(respiratory_rate), avg(respiratory_rate), min(temperature), max(temperature), avg(temperature), max(news2_score)
            FROM readings WHERE patient_id = 'H-02' AND ts < now() - interval '10 minutes'
            GROUP BY patient_id, date_trunc('minute', ts)
            """);
        var minutes = Sql.Rows(bed.ConnectionString,
            "SELECT window_start, heart_rate_mean FROM vital_stats_1m WHERE patient_id = 'H-02' AND window_start < now() - interval '10 minutes' ORDER BY 1");
        Assert.Equal(30, minutes.Count);

        // Over 6 hours: a point per minute of vital_stats_1m (its mean), then a point per 5 s bucket of the latest readings; the
        // old minutes' readings themselves (two a minute) give no point of their own.
        var trends = JsonDocument.Parse(Http.Get(bed.Dashboard.Address, "/api/patients/H-02/trends?hours=6").Body).RootElement;
        var sources = trends.GetProperty("sources").EnumerateArray()
            .Select(x => (x.GetProperty("table").GetString(), x.GetProperty("bucketSeconds").GetInt32(), x.GetProperty("points").GetInt32())).ToList();
        Assert.Equal([("vital_stats_1m", 60, 30), ("readings", 5, 21)], sources);
        var expected = minutes.Select(m => (Ms((DateTime)m["window_start"]!), (double)m["heart_rate_mean"]!))
            .Concat(recent.Select(r => (Ms(r.At) / 5000 * 5000, (double)r.HeartRate)))
            .ToList();
        var points = trends.GetProperty("points").EnumerateArray()
            .Select(p => (p.GetProperty("t").GetInt64(), p.GetProperty("heartRate").GetDouble())).ToList();
        Assert.Equal(expected, points);

        var page = await bed.Chromium.NewPageAsync();
        await page.GotoAsync(new Uri(bed.Dashboard.Address, "patient.html?id=H-02&hours=6").ToString());
        await page.WaitForSelectorAsync("body[data-loaded=true]", Within);
        Assert.Equal(4, await page.Locator("figure.chart .uplot canvas").CountAsync());
        var range = await page.Locator("#range").InnerTextAsync();
        Assert.Contains("30 points of 60 s from vital_stats_1m", range, StringComparison.Ordinal);
        Assert.Contains("21 points of 5 s from readings", range, StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(page, "patient-hours");
    }

    [Fact]
    public async Task PatientPage_PatientWithAnAcknowledgedEpisode_ListsItsEpisodeEventsAndNoOtherPatients()
    {
        bed.Publish("E-01", r => (r.heart_rate, r.respiratory_rate, r.spo2, r.consciousness) = (135, 28, 88, Consciousness.CONFUSION));
        bed.Publish("E-02", r => (r.heart_rate, r.respiratory_rate, r.spo2, r.consciousness) = (135, 28, 88, Consciousness.CONFUSION));
        Wait.Until(() => Sql.Count(bed.ConnectionString, "alerts WHERE patient_id IN ('E-01', 'E-02') AND state = 'RAISED'") == 2, Timeout, bed.Describe);
        using (var client = new HttpClient())
        using (var ack = new HttpRequestMessage(HttpMethod.Post, new Uri(bed.Dashboard.Address, "api/acks"))
        {
            Content = new StringContent("{\"patientId\":\"E-01\",\"by\":\"nurse Okafor\"}", System.Text.Encoding.UTF8, "application/json"),
        })
        {
            ack.Headers.Add("Origin", bed.Dashboard.Address.GetLeftPart(UriPartial.Authority));
            Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(ack)).StatusCode);
        }
        Wait.Until(() => Sql.Count(bed.ConnectionString, "alerts WHERE patient_id = 'E-01' AND state = 'ACKNOWLEDGED'") == 1, Timeout, bed.Describe);

        // The page lists what PostgreSQL holds for the patient when it loads, newest first: loaded again should an event
        // (NO_DATA, a minute after the last reading) land in between.
        var page = await bed.Chromium.NewPageAsync();
        var started = Stopwatch.GetTimestamp();
        List<string> stored, shown;
        do
        {
            await page.GotoAsync(new Uri(bed.Dashboard.Address, "patient.html?id=E-01").ToString());
            await page.WaitForSelectorAsync("body[data-loaded=true]", Within);
            shown = [.. await page.Locator("#episodes tr.episode").EvaluateAllAsync<string[]>(
                "rows => rows.map(r => [...r.cells].slice(1).map(c => c.textContent).join(' | '))")];
            stored = [.. Sql.Rows(bed.ConnectionString, """
                SELECT state, CASE kind WHEN 'TECHNICAL' THEN 'TECH' ELSE severity END AS priority, message, coalesce(acknowledged_by, '') AS by
                FROM alerts WHERE patient_id = 'E-01' ORDER BY ts DESC, sequence DESC
                """).Select(r => $"{r["state"]} | {r["priority"]} | {r["message"]} | {r["by"]}")];
        }
        while (!shown.SequenceEqual(stored) && Stopwatch.GetElapsedTime(started) < Timeout);
        output.WriteLine(string.Join("\n", shown));

        Assert.Equal(stored, shown);
        Assert.StartsWith("ACKNOWLEDGED | CRITICAL | ", Assert.Single(shown, r => r.EndsWith(" | nurse Okafor", StringComparison.Ordinal)), StringComparison.Ordinal);
        var raised = page.Locator("#episodes tr.episode").Last;
        Assert.StartsWith("RAISED | CRITICAL | ", shown[^1], StringComparison.Ordinal);
        Assert.Contains("NEWS2", shown[^1], StringComparison.Ordinal);
        Assert.Contains("priority-high", await raised.GetAttributeAsync("class"), StringComparison.Ordinal);
        Assert.Single(shown, r => r.StartsWith("RAISED | ", StringComparison.Ordinal)); // E-02's episode is not E-01's
        await Chromium.ScreenshotAsync(page, "patient-episodes");
    }

    private static long Ms(DateTime time) => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)).ToUnixTimeMilliseconds();
}
