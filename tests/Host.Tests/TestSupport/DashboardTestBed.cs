using pulse.vitals;

namespace Pulse.Host.Tests.TestSupport;

/// <summary>
/// The whole pipeline for the dashboard's browser tests: the embedded cluster, two <c>pulse run</c> replicas
/// (processes, each answering interactive queries on its own port), the sink into a real PostgreSQL, the dashboard
/// in this process (no-data after <see cref="NoDataAfter"/>, its interactive queries through replica A) and Chromium.
/// Readings are stamped with the wall clock, as a bedside monitor stamps them.
/// </summary>
public sealed class DashboardTestBed : IAsyncLifetime
{
    public static readonly TimeSpan NoDataAfter = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private readonly TempFolder _state = new("pulse-dashboard-test-");
    private readonly PostgresFixture _postgres = new();
    private InProcessSink? _sink;
    private VitalsProducer? _producer;

    public PipelineCluster Cluster { get; } = new();

    public string ConnectionString { get; private set; } = "";

    internal ReplicaProcess A { get; private set; } = null!;

    internal ReplicaProcess B { get; private set; } = null!;

    internal InProcessDashboard Dashboard { get; private set; } = null!;

    public Chromium Chromium { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        ConnectionString = _postgres.NewDatabase();
        var fast = new Dictionary<string, string> { ["PULSE__Streams__CommitIntervalMs"] = "200" };
        A = ReplicaProcess.Start("replica A", Cluster.Kafka.BootstrapServers, PipelineCluster.ApplicationId, Path.Combine(_state.Path, "a"), "at_least_once", fast);
        B = ReplicaProcess.Start("replica B", Cluster.Kafka.BootstrapServers, PipelineCluster.ApplicationId, Path.Combine(_state.Path, "b"), "at_least_once", fast);
        _sink = new InProcessSink(new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = Cluster.Kafka.BootstrapServers,
            ["Kafka:Properties:session.timeout.ms"] = "6000",
            ["Kafka:Properties:heartbeat.interval.ms"] = "500",
            ["Postgres:ConnectionString"] = ConnectionString,
            ["Sink:GroupId"] = "dashboard-test-sink",
            ["Sink:LingerMs"] = "20",
        });
        Chromium = await Chromium.LaunchAsync();
        A.WaitUntilRunning(StartTimeout);
        B.WaitUntilRunning(StartTimeout);
        // Both replicas hold tasks (the keys spread over them) before anything is published.
        Wait.Until(() => A.Tasks > 0 && B.Tasks > 0 && A.Tasks + B.Tasks == PipelineCluster.Tasks, StartTimeout, () => $"tasks on both replicas\n{A.Describe()}\n{B.Describe()}");
        Dashboard = new InProcessDashboard(new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = Cluster.Kafka.BootstrapServers,
            ["Postgres:ConnectionString"] = ConnectionString,
            ["Dashboard:NoDataAfter"] = NoDataAfter.ToString(),
            ["Dashboard:StateUrl"] = A.Address!.ToString(),
        });
        Wait.Until(() => Dashboard.Feed.Started, StartTimeout, "the dashboard's feed to start");
        _producer = new VitalsProducer(Cluster.Kafka);
    }

    /// <summary>A normal reading of <paramref name="patient"/> stamped now (or <paramref name="at"/>), with <paramref name="change"/> applied; sent and acknowledged.</summary>
    public VitalReading Publish(string patient, Action<VitalReading>? change = null, DateTime? at = null)
    {
        var reading = VitalRecords.Reading(patient, at ?? DateTime.UtcNow);
        change?.Invoke(reading);
        _producer!.Send(Cluster.Topics.Raw, patient, reading);
        _producer.Flush();
        return reading;
    }

    /// <summary>
    /// An enriched reading of <paramref name="patient"/> stamped now, with <paramref name="change"/> applied to its reading, sent
    /// straight to <c>vitals.enriched</c> as a replica writes it (and acknowledged): it reaches the dashboard as soon as it is sent,
    /// where the replicas' own output comes a few batches a second.
    /// </summary>
    public void PublishEnriched(string patient, Action<VitalReading>? change = null)
    {
        var reading = VitalRecords.Reading(patient, DateTime.UtcNow);
        change?.Invoke(reading);
        _producer!.Send(Cluster.Topics.Enriched, patient, VitalRecords.Enriched(reading));
        _producer.Flush();
    }

    /// <summary>An alert event of <paramref name="patient"/> stamped now, sent straight to <c>alerts.dispatch</c> (and acknowledged).</summary>
    public void PublishAlert(string patient, pulse.vitals.AlertState state)
    {
        var alert = VitalRecords.Alert(patient, state, DateTime.UtcNow);
        _producer!.Send(Cluster.Topics.Dispatch, patient, alert);
        _producer.Flush();
    }

    /// <summary>A vehicle's position report stamped now.</summary>
    public void PublishVehicle(string id, double latitude, double longitude, VehicleStatus status = VehicleStatus.AVAILABLE)
    {
        _producer!.Send(Cluster.Topics.VehiclePositions, id, new VehiclePosition
        {
            vehicle_id = id, timestamp = DateTime.UtcNow, latitude = latitude, longitude = longitude, status = status, available = status == VehicleStatus.AVAILABLE,
        });
        _producer.Flush();
    }

    /// <summary>The ward page, loaded (its first snapshot applied); every URL it requests goes to <paramref name="requests"/> when given.</summary>
    public async Task<Microsoft.Playwright.IPage> WardAsync(System.Collections.Concurrent.ConcurrentQueue<string>? requests = null)
    {
        var page = await Chromium.NewPageAsync();
        if (requests is not null) page.Request += (_, request) => requests.Enqueue(request.Url);
        await page.GotoAsync(Dashboard.Address.ToString());
        await page.WaitForSelectorAsync("body[data-loaded=true]");
        return page;
    }

    public string Describe() => $"{A.Describe()}\n{B.Describe()}\nsink: {_sink?.Describe()}";

    public async Task DisposeAsync()
    {
        await Chromium.DisposeAsync();
        Dashboard?.Dispose();
        _producer?.Dispose();
        _sink?.Dispose();
        A?.Dispose();
        B?.Dispose();
        Cluster.Dispose();
        _postgres.Dispose();
        _state.Dispose();
    }
}
