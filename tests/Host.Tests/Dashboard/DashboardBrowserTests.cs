using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using pulse.vitals;
using Pulse.Host.Tests.TestSupport;
using Xunit.Abstractions;

namespace Pulse.Host.Tests.Dashboard;

/// <summary>
/// The ward dashboard in Chromium against the embedded cluster, two replicas, the sink and PostgreSQL
/// (<see cref="DashboardTestBed"/>, shared with <see cref="PatientPageBrowserTests"/>): the ward view, its alarm list and tiles,
/// the state queries and the area view. Each test uses patients of its own; screenshots are saved (<see cref="Chromium.ScreenshotFolder"/>).
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardBrowserTests(DashboardTestBed bed, ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = DashboardCollection.Timeout;
    private static readonly PageWaitForSelectorOptions Within = DashboardCollection.Within;

    [Fact]
    public async Task Ward_PatientsPublished_ShowATilePerPatientWithTheirVitals_SortedByAcuity_FromThisOriginOnly()
    {
        var requests = new ConcurrentQueue<string>();
        var page = await bed.WardAsync(requests);
        string[] patients = ["T-01", "T-02", "T-03", "T-04", "T-05", "T-06"];
        foreach (var (patient, i) in patients.Select((p, i) => (p, i)))
        {
            bed.Publish(patient, r =>
            {
                r.heart_rate = 70 + i;
                if (patient == "T-03") r.respiratory_rate = 22; // NEWS2 2
                if (patient == "T-05") r.temperature = 38.5; // NEWS2 1
            });
        }

        await page.WaitForFunctionAsync("() => document.querySelectorAll('article.tile[data-patient^=\"T-\"]').length === 6", null, new() { Timeout = 60_000 });
        for (var i = 0; i < patients.Length; i++)
            Assert.Equal($"{70 + i}", await page.Locator($"article.tile[data-patient='{patients[i]}'] [data-vital=heartRate] .value").InnerTextAsync());
        var tile = page.Locator("article.tile[data-patient='T-01']");
        Assert.Equal("97", await tile.Locator("[data-vital=spo2] .value").InnerTextAsync());
        Assert.Equal("120/80", await tile.Locator("[data-vital=bloodPressure] .value").InnerTextAsync());
        Assert.Equal("Alert", await tile.Locator("[data-vital=consciousness] .value").InnerTextAsync());
        Assert.Equal("0", await tile.Locator(".news2").InnerTextAsync());
        Assert.Contains("band-none", await tile.GetAttributeAsync("class"), StringComparison.Ordinal);
        // Trends are drawn only for tiles on screen (an IntersectionObserver reports it after a frame), and the shared ward may
        // hold other tests' patients sorted above these: bring the tile into view, then wait for its trend.
        await tile.ScrollIntoViewIfNeededAsync();
        await tile.Locator(".trend canvas").WaitForAsync(new() { Timeout = 60_000 });
        Assert.Equal(1, await tile.Locator(".trend canvas").CountAsync());
        Assert.Equal("2", await page.Locator("article.tile[data-patient='T-03'] .news2").InnerTextAsync());

        // Acuity first (NEWS2, then open episodes), then the id: the grid is sorted every 2 s.
        await page.WaitForFunctionAsync(
            "() => [...document.querySelectorAll('article.tile[data-patient^=\"T-\"]')].map(t => t.dataset.patient).join() === 'T-03,T-05,T-01,T-02,T-04,T-06'",
            null, new() { Timeout = 60_000 });
        await Chromium.ScreenshotAsync(page, "ward-tiles");

        // No CDN: the page, its scripts, styles and event stream all come from the dashboard itself, so it works offline.
        var origin = bed.Dashboard.Address.GetLeftPart(UriPartial.Authority);
        Assert.Contains(requests, u => u.EndsWith(".js", StringComparison.Ordinal));
        Assert.All(requests, u => Assert.StartsWith(origin + "/", u, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ward_ReadingPublished_ReachesItsTileWithinTwoSeconds()
    {
        var page = await bed.WardAsync();
        bed.Publish("L-01");
        await page.WaitForSelectorAsync("article.tile[data-patient='L-01']", Within);

        var latencies = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var heartRate = 80 + i;
            var sent = Stopwatch.GetTimestamp();
            bed.Publish("L-01", r => r.heart_rate = heartRate);
            await page.WaitForFunctionAsync(
                $"() => document.querySelector(\"article.tile[data-patient='L-01'] [data-vital=heartRate] .value\")?.textContent === '{heartRate}'",
                null, new() { Timeout = 10_000, PollingInterval = 20 });
            latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
        }
        output.WriteLine($"publish → tile: {string.Join(", ", latencies.Select(l => $"{l:0} ms"))}");
        Assert.All(latencies, l => Assert.True(l < 2000, $"a reading took {l:0} ms to reach its tile"));
    }

    [Fact]
    public async Task AlarmList_CriticalReadingAcknowledged_PublishesToAcksAndShowsAcknowledged()
    {
        var page = await bed.WardAsync();
        // NEWS2 well above 7: urgent, raised at once.
        bed.Publish("C-01", r => (r.heart_rate, r.respiratory_rate, r.spo2, r.consciousness) = (135, 28, 88, Consciousness.CONFUSION));

        var row = page.Locator("tr.alarm", new() { Has = page.Locator("a", new() { HasTextString = "C-01" }) });
        await row.WaitForAsync(new() { Timeout = 60_000 });
        Assert.Contains("priority-high", await row.GetAttributeAsync("class"), StringComparison.Ordinal);
        Assert.Contains("NEWS2", await row.Locator(".message").InnerTextAsync(), StringComparison.Ordinal);
        var tile = page.Locator("article.tile[data-patient='C-01']");
        // The tile repaints a few times a second, apart from the alarm list: wait for its badge, as long as for the row.
        await tile.Locator(".badge", new() { HasTextString = "CRITICAL" }).WaitForAsync(new() { Timeout = 60_000 });
        Assert.Equal("CRITICAL", await tile.Locator(".badge").InnerTextAsync());
        Assert.Contains("band-high", await tile.GetAttributeAsync("class"), StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(page, "ward-alarm");

        await row.Locator("button.ack").ClickAsync();

        // alerts.acks may hold other tests' acknowledgements (the bed is shared): read until this patient's is there.
        List<Confluent.Kafka.ConsumeResult<byte[], byte[]>> acks = [];
        Wait.Until(() => (acks = TopicReader.Read(bed.Cluster.Kafka, bed.Cluster.Topics.Acks, PipelineCluster.Partitions, 1, Timeout))
            .Exists(r => System.Text.Encoding.UTF8.GetString(r.Message.Key) == "C-01"), Timeout, "C-01's acknowledgement on alerts.acks");
        var ack = Assert.Single(acks, r => System.Text.Encoding.UTF8.GetString(r.Message.Key) == "C-01");
        Assert.True(ack.Message.Value.Length > 5);
        await page.Locator("tr.alarm.is-acknowledged", new() { Has = page.Locator("a", new() { HasTextString = "C-01" }) }).WaitForAsync(new() { Timeout = 60_000 });
        Assert.Contains("ward dashboard", await row.Locator(".acknowledged").InnerTextAsync(), StringComparison.Ordinal);
        await tile.Locator(".badge", new() { HasTextString = "CRITICAL ✓" }).WaitForAsync(new() { Timeout = 60_000 });
        Assert.Equal("CRITICAL ✓", await tile.Locator(".badge").InnerTextAsync());
        await Chromium.ScreenshotAsync(page, "ward-acknowledged");
    }

    [Fact]
    public async Task Tile_MadeAfterItsPatientsAlertArrived_ShowsTheAlertsBadge()
    {
        var page = await bed.WardAsync();
        // A patient's first alert can reach the page before its first tile (the server pushes alarms and tiles apart): here the
        // alert comes with no reading before it, so its alarm row usually reaches the page before the tile (without the fix the
        // tile then showed no badge).
        bed.PublishAlert("L-01", pulse.vitals.AlertState.ESCALATED);
        await page.Locator("tr.alarm", new() { Has = page.Locator("a", new() { HasTextString = "L-01" }) }).WaitForAsync(new() { Timeout = 60_000 });
        var tile = page.Locator("article.tile[data-patient='L-01']");

        bed.PublishEnriched("L-01");

        await tile.WaitForAsync(new() { Timeout = 60_000 });
        await tile.Locator(".badge", new() { HasTextString = "CRITICAL" }).WaitForAsync(new() { Timeout = 60_000 });
    }

    [Fact]
    public async Task Tile_ReadingsStop_ShowsNoDataState()
    {
        var page = await bed.WardAsync();
        bed.Publish("Q-01");
        var tile = page.Locator("article.tile[data-patient='Q-01']");
        await tile.WaitForAsync(new() { Timeout = 60_000 });
        Assert.DoesNotContain("silent", await tile.GetAttributeAsync("class") ?? "", StringComparison.Ordinal);

        await page.Locator("article.tile.silent[data-patient='Q-01']").WaitForAsync(new() { Timeout = (float)(DashboardTestBed.NoDataAfter + Timeout).TotalMilliseconds });
        Assert.StartsWith("No data for", await tile.Locator(".no-data").InnerTextAsync(), StringComparison.Ordinal);

        bed.Publish("Q-01");
        await page.Locator("article.tile:not(.silent)[data-patient='Q-01']").WaitForAsync(new() { Timeout = 60_000 });
    }

    [Fact]
    public async Task Tile_ReadingsFiftyASecond_RepaintsAtMostFiveTimesASecond()
    {
        // A dashboard of its own whose consumer asks every 10 ms: the embedded cluster (librdkafka's mock) answers a fetch only when
        // its wait is up, 500 ms by default, which would hand the dashboard the readings in two batches a second whatever it does.
        using var dashboard = new InProcessDashboard(new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = bed.Cluster.Kafka.BootstrapServers,
            ["Kafka:Properties:fetch.wait.max.ms"] = "10",
        });
        Wait.Until(() => dashboard.Feed.Started, Timeout, "the dashboard's feed to start");
        var page = await bed.Chromium.NewPageAsync();
        await page.GotoAsync(dashboard.Address.ToString());
        await page.WaitForSelectorAsync("body[data-loaded=true]", Within);
        bed.PublishEnriched("F-01");
        const string Tile = "article.tile[data-patient='F-01']";
        await page.WaitForFunctionAsync($"() => Number(document.querySelector(\"{Tile}\")?.dataset.paints) >= 1", null, new() { Timeout = 60_000 });
        var tile = page.Locator(Tile);
        var paintedBefore = int.Parse(await tile.GetAttributeAsync("data-paints") ?? "", CultureInfo.InvariantCulture);
        var takenBefore = dashboard.Ward.Readings;

        // 200 readings of one patient, 50 a second (the last one's heart rate only it has), then until the tile shows the last.
        // Straight to vitals.enriched: they reach the dashboard as they are sent, not in the few batches a second the replicas write.
        const int Count = 200;
        var (arrivals, seen) = (0, takenBefore); // how many times, among the publishes, the dashboard had taken more
        var started = Stopwatch.GetTimestamp();
        using (var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(20)))
        {
            for (var i = 0; i < Count; i++)
            {
                var heartRate = i == Count - 1 ? 85 : 70 + (i % 10);
                bed.PublishEnriched("F-01", r => r.heart_rate = heartRate);
                if (dashboard.Ward.Readings is var now && now != seen) (arrivals, seen) = (arrivals + 1, now);
                await pace.WaitForNextTickAsync();
            }
        }
        var publishing = Stopwatch.GetElapsedTime(started);
        await page.WaitForFunctionAsync($"() => document.querySelector(\"{Tile} [data-vital=heartRate] .value\")?.textContent === '85'",
            null, new() { Timeout = 30_000, PollingInterval = 20 });
        var paints = int.Parse(await tile.GetAttributeAsync("data-paints") ?? "", CultureInfo.InvariantCulture) - paintedBefore;
        var elapsed = Stopwatch.GetElapsedTime(started);
        var taken = dashboard.Ward.Readings - takenBefore;
        await page.CloseAsync(); // its event stream would hold the dashboard's shutdown

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Count} readings in {publishing.TotalSeconds:0.0} s ({Count / publishing.TotalSeconds:0}/s), {taken} taken by the dashboard, " +
            $"arriving {arrivals / publishing.TotalSeconds:0} times a second; " +
            $"{paints} repaints of the tile in {elapsed.TotalSeconds:0.0} s ({paints / elapsed.TotalSeconds:0.0}/s)"));
        Assert.True(Count / publishing.TotalSeconds >= 25, $"published {Count / publishing.TotalSeconds:0} readings a second, not fast enough to test the cap");
        Assert.True(taken >= Count, $"the dashboard took {taken} readings of {Count}");
        Assert.True(arrivals >= 10 * publishing.TotalSeconds, $"readings reached the dashboard {arrivals} times in {publishing.TotalSeconds:0.0} s: in batches, not as sent");
        Assert.InRange(paints, 2, (int)(5 * elapsed.TotalSeconds)); // it kept up, a few times a second, not once a reading
    }

    [Fact]
    public void StateQueries_PatientsOnBothReplicas_AnsweredByEitherFromTheHolder()
    {
        var patients = Enumerable.Range(1, 12).Select(i => $"S-{i:00}").ToList();
        foreach (var patient in patients) bed.Publish(patient);

        var holders = new Dictionary<string, string>();
        foreach (var patient in patients)
        {
            Wait.Until(() => Http.StatusOrNull(bed.A.Address!, $"/state/patients/{patient}") == HttpStatusCode.OK, Timeout, () => $"state of {patient}\n{bed.Describe()}");
            var fromA = JsonDocument.Parse(Http.Get(bed.A.Address!, $"/state/patients/{patient}").Body).RootElement;
            var fromB = JsonDocument.Parse(Http.Get(bed.B.Address!, $"/state/patients/{patient}").Body).RootElement;
            var holder = fromA.GetProperty("servedBy").GetString()!;
            Assert.Equal(holder, fromB.GetProperty("servedBy").GetString());
            Assert.Equal(patient, fromA.GetProperty("patientId").GetString());
            Assert.Equal(1, fromB.GetProperty("rolling").GetProperty("readings").GetInt32());
            Assert.Equal(72, fromB.GetProperty("latest").GetProperty("vitals").GetProperty("heart_rate").GetDouble());
            holders[patient] = holder;
        }
        Assert.Equal(
            new[] { bed.A.Address!, bed.B.Address! }.Select(a => $"{a.Host}:{a.Port}").Order(),
            holders.Values.Distinct().Order());
        Assert.Equal(HttpStatusCode.NotFound, Http.Get(bed.B.Address!, "/state/patients/nobody").Status);

        // The dashboard's patient API carries the holder's answer.
        var api = JsonDocument.Parse(Http.Get(bed.Dashboard.Address, $"/api/patients/{patients[0]}").Body).RootElement;
        Assert.Equal(200, api.GetProperty("stateStatus").GetInt32());
        Assert.Equal(holders[patients[0]], api.GetProperty("state").GetProperty("servedBy").GetString());
    }

    [Fact]
    public void Ward_BacklogHoldsNothing_TilesComeFromTheReplicasState()
    {
        bed.Publish("R-01", r => r.heart_rate = 85);
        bed.Publish("R-02", r => (r.heart_rate, r.respiratory_rate, r.spo2) = (135, 28, 88)); // an open episode: every vital kept
        Wait.Until(() => Sql.Count(bed.ConnectionString, "readings WHERE patient_id IN ('R-01', 'R-02')") == 2, Timeout, bed.Describe);

        using var fresh = new InProcessDashboard(new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = bed.Cluster.Kafka.BootstrapServers,
            ["Postgres:ConnectionString"] = bed.ConnectionString,
            ["Dashboard:Backlog"] = "0",
            ["Dashboard:StateUrl"] = bed.B.Address!.ToString(),
        });
        Wait.Until(() => fresh.Seed.Seeded >= 2, Timeout, () => $"{fresh.Seed.Seeded} tiles seeded");

        var patients = JsonDocument.Parse(Http.Get(fresh.Address, "/api/ward").Body).RootElement.GetProperty("patients").EnumerateArray()
            .ToDictionary(p => p.GetProperty("patientId").GetString()!);
        Assert.Equal(85, patients["R-01"].GetProperty("heartRate").GetInt32());
        Assert.Equal("NORMAL", patients["R-01"].GetProperty("statuses").GetProperty("heartRate").GetString());
        Assert.Equal(28, patients["R-02"].GetProperty("respiratoryRate").GetInt32());
        Assert.True(patients["R-02"].GetProperty("news2").GetInt32() >= 7);
    }

    [Theory]
    [InlineData("http://evil.example", "application/json", 403)]
    [InlineData(null, "application/json", 403)]
    [InlineData("SELF", "text/plain", 403)]
    [InlineData("SELF", "application/json", 400)]
    public void Acknowledge_NotASameOriginJsonPost_IsRefused(string? origin, string contentType, int expected)
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(bed.Dashboard.Address, "api/acks"))
        {
            // 400 for our own origin: a JSON body without a patient.
            Content = new StringContent("{\"episodeId\":\"x\"}", System.Text.Encoding.UTF8, contentType),
        };
        if (origin is not null) request.Headers.Add("Origin", origin == "SELF" ? bed.Dashboard.Address.GetLeftPart(UriPartial.Authority) : origin);

        using var response = client.Send(request);

        Assert.Equal(expected, (int)response.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, Http.Get(bed.Dashboard.Address, "/api/acks").Status);
    }

    [Fact]
    public async Task AreaView_CriticalPatientAndAVehicleNearby_DrawsBothTheOrderLineAndListsTheOrder()
    {
        // Far from the other tests' patients (central London), so no patient waiting there takes this vehicle.
        const double Lat = 52.63, Lon = 1.29;
        var page = await bed.Chromium.NewPageAsync();
        await page.GotoAsync(new Uri(bed.Dashboard.Address, "area.html").ToString());
        await page.WaitForSelectorAsync("body[data-loaded=true]", Within);

        bed.PublishVehicle("V-T1", Lat + 0.01, Lon);
        bed.PublishVehicle("V-T2", Lat - 0.02, Lon, VehicleStatus.OUT_OF_SERVICE);
        await page.Locator("g.vehicle.v-available[data-vehicle='V-T1']").WaitForAsync(new() { Timeout = 60_000 });
        bed.Publish("A-01", r => (r.heart_rate, r.respiratory_rate, r.spo2, r.consciousness, r.latitude, r.longitude) = (135, 28, 88, Consciousness.CONFUSION, Lat, Lon));

        var row = page.Locator("#orders tr", new() { Has = page.Locator("a", new() { HasTextString = "A-01" }) });
        await row.WaitForAsync(new() { Timeout = 60_000 });
        Assert.Equal("ASSIGNED", await row.Locator("td").Nth(2).InnerTextAsync());
        Assert.Equal("V-T1", await row.Locator("td").Nth(3).InnerTextAsync());
        Assert.Equal("1.11 km", await row.Locator("td").Nth(4).InnerTextAsync());
        await page.Locator("g.patient.patient-critical[data-patient='A-01']").WaitForAsync(new() { Timeout = 60_000 });
        Assert.Equal(1, await page.Locator("line.order").CountAsync());
        Assert.Equal(1, await page.Locator("g.vehicle.v-out_of_service[data-vehicle='V-T2']").CountAsync());
        await Chromium.ScreenshotAsync(page, "area");
    }
}
