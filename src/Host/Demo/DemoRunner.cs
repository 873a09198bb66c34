using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pulse.Host.Broker;
using Pulse.Host.Dashboard;
using Pulse.Host.Observability;
using Pulse.Host.Demo.Internal;
using Pulse.Host.Replica;
using Pulse.Host.Simulator;
using Pulse.Host.Simulator.Internal;
using Pulse.Streams;

namespace Pulse.Host.Demo;

/// <summary>
/// <c>pulse demo</c>: the whole pipeline in one process. Opens PostgreSQL (private, or given) and migrates
/// it while the embedded Kafka cluster starts with the pipeline's topics, so a database that cannot be
/// reached stops the demo before any replica runs; then the topology replicas (until all run), the sink and
/// the simulator, each composed as its own command composes it (<see cref="DemoParts"/>). What it does,
/// where to look and the counts go to the output (<see cref="DemoNarrator"/>; <see cref="PipelineProbe"/>).
/// Ends on Ctrl+C, after the duration (then lets the last readings drain into PostgreSQL for a while), or,
/// replaying a CSV file, once everything the file produced is in PostgreSQL; stops the parts in order
/// (simulator, replicas, sink), prints the final counts and where to look, and stops the host.
/// <see cref="Fault"/> (exit code 1) says why the run failed: a part stopped by itself, the pipeline did
/// not catch up in time, PostgreSQL could not be reached, or CSV rows could not be read.
/// </summary>
internal sealed partial class DemoRunner(
    DemoPlan plan, DemoWorkspace workspace, IConfiguration configuration, ILoggerFactory loggers, TimeProvider time, IHostApplicationLifetime lifetime)
    : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan ReplicasStartTimeout = TimeSpan.FromSeconds(90);

    private readonly ILogger _logger = loggers.CreateLogger<DemoRunner>();
    private readonly List<Component> _replicas = [];
    private DemoNarrator _narrator = null!;
    private Component? _broker;
    private Component? _sink;
    private Component? _dashboard;
    private Component? _vehicles;
    private Component? _archive;
    private Component? _simulator;
    private DemoDatabase? _database;
    private PipelineProbe? _probe;
    private long _started;
    private long _nextReport;

    /// <summary>Where the demo writes what it does (stdout; logs go to the log file, warnings and errors to stderr).</summary>
    public TextWriter Output { get; init; } = Console.Out;

    /// <summary>When the simulator ended by itself and the pipeline caught up: what was published and how long it took to reach PostgreSQL.</summary>
    public DemoResult? Result { get; private set; }

    /// <summary>Why the run failed, once it is over; null after a good run (also one stopped by Ctrl+C).</summary>
    public Exception? Fault { get; private set; }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(() => RunAsync(stoppingToken), CancellationToken.None);

    private async Task RunAsync(CancellationToken stop)
    {
        _narrator = new DemoNarrator(Output, plan, workspace);
        try
        {
            Directory.CreateDirectory(workspace.StateDir);
            _narrator.Opening();
            await StartPartsAsync(stop).ConfigureAwait(false);
            await RunUntilDoneAsync(stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            _narrator.Say("Ctrl+C (or SIGTERM): stopping.");
        }
        catch (Exception e)
        {
            Fault ??= e;
            LogFailed(_logger, e, e.Message);
        }
        finally
        {
            await StopPartsAsync().ConfigureAwait(false);
            if (Fault is not null) _narrator.Say($"pulse demo failed: {Fault.Message}");
            lifetime.StopApplication();
        }
    }

    private async Task StartPartsAsync(CancellationToken stop)
    {
        var parts = new DemoParts(configuration, loggers, Output);
        var opening = OpenDatabaseAsync(stop);
        _narrator.Say($"Starting the embedded Kafka cluster ({configuration["Broker:Brokers"] ?? "3"} brokers, every pipeline topic with {plan.Partitions} partitions)…");
        _broker = parts.Broker();
        await _broker.StartAsync(stop).ConfigureAwait(false);
        var bootstrap = _broker.Services.GetRequiredService<EmbeddedBroker>().BootstrapServers!;

        _database = await opening.ConfigureAwait(false);
        _narrator.Say($"PostgreSQL: {_database.Description} (migrated)");

        _narrator.Say($"Starting {plan.Replicas} topology replica(s) of application '{plan.ApplicationId}' (KafkaStreams instances sharing its partitions)…");
        var clock = SimulatorClock();
        for (var i = 1; i <= plan.Replicas; i++)
        {
            var dir = Path.Combine(workspace.StateDir, $"replica-{i}");
            var replica = parts.Replica(i, bootstrap, dir, clock);
            _replicas.Add(replica);
            await replica.StartAsync(stop).ConfigureAwait(false);
            _narrator.Say($"  {replica.Name}: state in {dir}");
        }
        _probe = new PipelineProbe(bootstrap, plan.Topics, plan.Partitions, plan.ApplicationId, _database.DataSource, plan.SinkGroup,
            plan.Archive is null ? null : new Archive.ArchiveOptions().GroupId);
        var tasks = await WaitForReplicasAsync(stop).ConfigureAwait(false);
        _narrator.Say($"Replicas running; tasks per stream thread: {tasks}.");

        _narrator.Say($"Starting the Postgres sink (group '{plan.SinkGroup}'): {plan.Topics.Enriched} → readings, {plan.Topics.Stats} → vital_stats_1m, " +
            $"{plan.Topics.Notify} + {plan.Topics.Dispatch} → alerts, {plan.Topics.DispatchOrders} → dispatch_orders, {plan.Topics.Invalid} → invalid_readings…");
        _sink = parts.Sink(bootstrap, _database.ConnectionString);
        await _sink.StartAsync(stop).ConfigureAwait(false);

        if (plan.Archive is { } archive)
        {
            _narrator.Say($"Starting the archiver: {plan.Topics.Raw} and {plan.Topics.Enriched} → Parquet files in {archive}…");
            _archive = parts.Archive(bootstrap, archive);
            await _archive.StartAsync(stop).ConfigureAwait(false);
        }
        _dashboard = await StartDashboardAsync(parts, bootstrap, stop).ConfigureAwait(false);
        await StartVehiclesAsync(parts, bootstrap, clock, stop).ConfigureAwait(false);

        _narrator.Say($"Starting the simulator: {_narrator.DescribeSimulation()}…");
        _simulator = parts.Simulator(bootstrap, clock);
        _started = time.GetTimestamp(); // it publishes as soon as it starts
        _nextReport = _started;
        await _simulator.StartAsync(stop).ConfigureAwait(false);
        _narrator.WhereToLook(_database, bootstrap, DashboardAddress);
    }

    /// <summary>
    /// Random mode: <see cref="DemoPlan.Vehicles"/> cruising the patients' area. CSV mode with a vehicles file: its positions, all of them
    /// published before the first reading, so the dispatch stage knows the fleet when the first critical alert comes.
    /// </summary>
    private async Task StartVehiclesAsync(DemoParts parts, string bootstrap, TimeProvider clock, CancellationToken stop)
    {
        if (plan.Csv ? plan.VehiclesCsv is null : plan.Vehicles == 0) return;
        _narrator.Say(plan.Csv ? $"Replaying the vehicles of {plan.VehiclesCsv} onto {plan.Topics.VehiclePositions}…"
            : $"Starting {plan.Vehicles} emergency vehicles in the patients' area ({plan.Topics.VehiclePositions}; critical patients get the nearest within 5 km)…");
        _vehicles = parts.Vehicles(bootstrap, clock, plan.Vehicles, plan.VehiclesCsv);
        await _vehicles.StartAsync(stop).ConfigureAwait(false);
        if (!plan.Csv) return;
        var vehicles = _vehicles;
        await WaitAsync(() => vehicles.Stopping.IsCancellationRequested, null, stop).ConfigureAwait(false);
        if (vehicles.Fault is { } fault) throw new DemoFailedException($"vehicles: {fault.Message}");
    }

    /// <summary>The dashboard's address once it listens.</summary>
    private Uri? DashboardAddress => _dashboard?.Services.GetRequiredService<DashboardServer>().Address;

    /// <summary>
    /// Starts the ward dashboard on <see cref="DemoPlan.DashboardPort"/>, or on any free port when the default one is taken;
    /// it asks replica-1 for patients' live state.
    /// </summary>
    private async Task<Component> StartDashboardAsync(DemoParts parts, string bootstrap, CancellationToken stop)
    {
        var port = plan.DashboardPortGiven || PortFree(plan.DashboardPort) ? plan.DashboardPort : 0;
        var state = _replicas[0].Services.GetRequiredService<HttpEndpoint>().Address;
        var dashboard = parts.Dashboard(bootstrap, _database!.ConnectionString, port, state);
        try
        {
            await dashboard.StartAsync(stop).ConfigureAwait(false);
        }
        catch (InvalidOperationException e) when (!stop.IsCancellationRequested)
        {
            await dashboard.DisposeAsync().ConfigureAwait(false);
            throw new DemoFailedException($"the dashboard did not start: {e.Message.Replace("Dashboard:Urls", "--dashboard-port", StringComparison.Ordinal)}", e);
        }
        return dashboard;
    }

    private static bool PortFree(int port)
    {
        try
        {
            using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    /// <summary>
    /// Opens PostgreSQL (<see cref="DemoDatabase.OpenAsync"/>); a server that cannot be reached or refuses becomes one
    /// line naming it and the flag that chose it (the details go to the log).
    /// </summary>
    private async Task<DemoDatabase> OpenDatabaseAsync(CancellationToken stop)
    {
        var given = plan.PostgresConnectionString is not null;
        _narrator.Say(given
            ? "Using the PostgreSQL given by --postgres / Postgres:ConnectionString…"
            : $"Starting a private PostgreSQL from {Postgres.LocalPostgres.FindBinDirectory()} (its folder in {workspace.StateDir})…");
        try
        {
            return await DemoDatabase.OpenAsync(plan.PostgresConnectionString, workspace.StateDir, _logger, stop).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stop.IsCancellationRequested)
        {
            LogDatabaseFailed(_logger, e, e.Message);
            var reason = (e.InnerException ?? e).Message.TrimEnd('.');
            // The cause goes with it, so the log file's "The demo failed" entry has its stack trace (the screen has one line).
            throw new DemoFailedException(given
                ? $"PostgreSQL {DemoDatabase.Describe(plan.PostgresConnectionString!)} (--postgres) cannot be used: {reason}. Check the server, or leave --postgres out to start a private one."
                : $"the private PostgreSQL did not start: {reason}. The log has the details: {workspace.LogFile}", e);
        }
    }

    /// <summary>
    /// Runs until Ctrl+C, the duration (then drains for a while), or the simulator's end (the end of the
    /// file, or of <c>Simulator:Duration</c>; then waits until the pipeline has caught up with it); throws
    /// when a part fails.
    /// </summary>
    private async Task RunUntilDoneAsync(CancellationToken stop)
    {
        var simulator = _simulator!;
        if (!plan.Csv)
            _narrator.Say($"Running {_narrator.Until()}; counts every {DurationText.Format(plan.ReportEvery)}:");
        await WaitAsync(() => simulator.Stopping.IsCancellationRequested || (plan.Duration is { } d && time.GetElapsedTime(_started) >= d), null, stop)
            .ConfigureAwait(false);
        if (simulator.Stopping.IsCancellationRequested)
        {
            await CatchUpAsync(stop).ConfigureAwait(false);
            return;
        }
        _narrator.Say("Duration reached: stopping the simulator, then letting its last readings reach PostgreSQL…");
        await simulator.StopAsync().ConfigureAwait(false);
        if (_vehicles is not null) await _vehicles.StopAsync().ConfigureAwait(false); // a moving fleet would never let the pipeline catch up
        if (plan.DrainTimeout > TimeSpan.Zero && !await WaitAsync(() => _probe!.CaughtUp(), plan.DrainTimeout, stop).ConfigureAwait(false))
            _narrator.Say($"  not all of them within {DurationText.Format(plan.DrainTimeout)}; stopping anyway.");
    }

    /// <summary>After the simulator has published everything it had: waits until all of it, and all it led to, is in PostgreSQL.</summary>
    private async Task CatchUpAsync(CancellationToken stop)
    {
        if (_vehicles is not null) await _vehicles.StopAsync().ConfigureAwait(false); // its last positions count; a moving fleet never ends
        var metrics = _simulator!.Services.GetRequiredService<SimulatorMetrics>();
        _narrator.Say($"{(plan.Csv ? "The file is published" : "The simulator is done")} ({metrics.Published:N0} readings); waiting for the replicas and the sink to catch up…");
        if (!await WaitAsync(() => _probe!.CaughtUp(), plan.CatchUpTimeout, stop).ConfigureAwait(false))
            throw new DemoFailedException($"the pipeline did not catch up within {DurationText.Format(plan.CatchUpTimeout)}.");
        Result = new DemoResult(metrics.Published, time.GetElapsedTime(_started));
        _narrator.Say($"Everything {(plan.Csv ? "the file" : "the readings")} produced is in PostgreSQL{(plan.Archive is null ? "" : " and the archive")}. Windows still open at the end (each patient's last " +
            "minute, unless later readings passed its end + grace) are not emitted: a window closes only when stream time passes it.");
        _narrator.Say(FormattableString.Invariant(
            $"Throughput: {Result.Published:N0} readings from the first publish to the last row in PostgreSQL in {Result.Elapsed.TotalSeconds:0.0} s: {Result.ReadingsPerSecond:N0} readings/s."));
        if (metrics.RowsRejected > 0) Fault = _simulator.Fault;
    }

    /// <summary>
    /// Polls <paramref name="done"/> until it holds (true) or <paramref name="limit"/> passes (false),
    /// printing the counts on the way; throws when a part stops by itself (the simulator may, in CSV mode).
    /// </summary>
    private async Task<bool> WaitAsync(Func<bool> done, TimeSpan? limit, CancellationToken stop)
    {
        var from = time.GetTimestamp();
        while (true)
        {
            if (FailedPart() is { } failed)
                throw new DemoFailedException($"{failed.Name} stopped: {failed.Fault?.Message ?? "it stopped by itself"}");
            if (done()) return true;
            if (limit is { } l && time.GetElapsedTime(from) >= l) return false;
            if (time.GetTimestamp() >= _nextReport)
            {
                Report("");
                _nextReport = time.GetTimestamp() + (long)(plan.ReportEvery.TotalSeconds * time.TimestampFrequency);
            }
            await Task.Delay(Poll, time, stop).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Waits until the replicas have settled: all running, and the tasks (one per partition) spread over
    /// as many stream threads as can have one, so the readings meet no rebalance.
    /// </summary>
    private async Task<string> WaitForReplicasAsync(CancellationToken stop)
    {
        var states = _replicas.Select(r => r.Services.GetRequiredService<KafkaStreams>()).ToList();
        using var tasks = new ReplicaTasks(plan.ApplicationId);
        var threads = _replicas.Sum(r => r.Services.GetRequiredService<IOptions<ReplicaOptions>>().Value.Threads);
        var from = time.GetTimestamp();
        while (true)
        {
            var byThread = tasks.ByThread();
            if (states.All(s => s.State == KafkaStreamsState.Running) && byThread.Values.Sum() >= plan.Partitions
                && byThread.Values.Count(n => n > 0) >= Math.Min(threads, plan.Partitions))
                return string.Join(", ", byThread.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key} {t.Value}"));
            if (FailedPart() is { } failed) throw new DemoFailedException($"{failed.Name} stopped: {failed.Fault?.Message}");
            if (time.GetElapsedTime(from) > ReplicasStartTimeout)
                throw new DemoFailedException($"the replicas had not settled within {ReplicasStartTimeout.TotalSeconds:0} s ({string.Join(", ", states.Select(s => s.State))}).");
            await Task.Delay(Poll, time, stop).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A part that stopped by itself and should not have: any but the simulator, which ends at the end of its
    /// file or duration; it failed when readings were not delivered, or it stopped for anything but rejected rows.
    /// </summary>
    private Component? FailedPart() =>
        new[] { _broker, _sink, _dashboard, _archive }.Concat(_replicas).FirstOrDefault(p => p is { StoppedByItself: true })
        ?? (_simulator is { StoppedByItself: true } simulator && SimulatorFailed(simulator) ? simulator : null)
        ?? (_vehicles is { StoppedByItself: true, Fault: not null } vehicles ? vehicles : null);

    private static bool SimulatorFailed(Component simulator)
    {
        var metrics = simulator.Services.GetRequiredService<SimulatorMetrics>();
        return metrics.DeliveryFailures > 0 || (simulator.Fault is not null && metrics.RowsRejected == 0);
    }

    /// <summary>
    /// Stops the parts in order (no more readings, then the topology, then the sink), prints the final counts,
    /// then stops Kafka and PostgreSQL (unless kept) and says where to look.
    /// </summary>
    private async Task StopPartsAsync()
    {
        try
        {
            if (_simulator is not null) await _simulator.StopAsync().ConfigureAwait(false);
            if (_vehicles is not null) await _vehicles.StopAsync().ConfigureAwait(false);
            await Task.WhenAll(_replicas.Select(r => r.StopAsync())).ConfigureAwait(false);
            if (_sink is not null) await _sink.StopAsync().ConfigureAwait(false);
            if (_archive is not null) await _archive.StopAsync().ConfigureAwait(false);
            if (_dashboard is not null) await _dashboard.StopAsync().ConfigureAwait(false);
            if (_probe is not null) Report("Final: ");
        }
        catch (Exception e)
        {
            LogStopFailed(_logger, e, e.Message);
        }
        _probe?.Dispose();
        foreach (var part in new[] { _simulator, _vehicles, _dashboard, _archive, _sink }.Concat(_replicas).Append(_broker))
            if (part is not null) await part.DisposeAsync().ConfigureAwait(false);
        var stopCommand = plan.Keep ? _database?.Keep() : null;
        _database?.Dispose();
        if (workspace.Temporary && !plan.Keep) workspace.DeleteAllButTheLog();
        _narrator.Say("pulse demo stopped.");
        if (_started != 0) _narrator.WhereToLookAfter(_database, stopCommand);
    }

    private void Report(string prefix)
    {
        var metrics = _simulator?.Services.GetRequiredService<SimulatorMetrics>();
        var counts = _probe!.Read(metrics?.Published ?? 0, metrics?.RowsRejected ?? 0);
        _narrator.Counts(prefix, _started == 0 ? TimeSpan.Zero : time.GetElapsedTime(_started), counts);
    }

    /// <summary>
    /// The patients' clock, the simulator's and the replicas': in random mode it runs <see cref="DemoPlan.Speed"/> times faster
    /// than the wall clock, ending about now when the run has a duration.
    /// </summary>
    private TimeProvider SimulatorClock()
    {
        if (plan.Csv || plan.Speed == 1) return time;
        var origin = time.GetUtcNow() - (plan.Duration ?? TimeSpan.Zero) * (plan.Speed - 1);
        return new ScaledTimeProvider(time, plan.Speed, origin);
    }

    // Said on the screen already ("pulse demo failed: …"): the log file gets the details, the screen no second copy.
    [LoggerMessage(Level = LogLevel.Information, Message = "The demo failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, Exception exception, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Opening PostgreSQL failed: {Reason}")]
    private static partial void LogDatabaseFailed(ILogger logger, Exception exception, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopping the demo's parts failed: {Reason}")]
    private static partial void LogStopFailed(ILogger logger, Exception exception, string reason);
}
