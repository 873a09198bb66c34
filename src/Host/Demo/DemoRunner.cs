using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pulse.Host.Broker;
using Pulse.Host.Demo.Internal;
using Pulse.Host.Replica;
using Pulse.Host.Simulator;
using Pulse.Host.Simulator.Internal;
using Pulse.Streams;

namespace Pulse.Host.Demo;

/// <summary>
/// <c>pulse demo</c>: the whole pipeline in one process. Starts, in order, the embedded Kafka cluster
/// with the pipeline's topics, a PostgreSQL (private, or given) migrated, the topology replicas (until
/// all run), the sink and the simulator, each composed as its own command composes it
/// (<see cref="DemoParts"/>); prints what it does, where to look, and the counts every few seconds
/// (<see cref="PipelineProbe"/>). Ends on Ctrl+C, after the duration (then lets the last readings
/// drain into PostgreSQL for a while), or, replaying a CSV file, once everything the file produced is
/// in PostgreSQL; stops the parts in order (simulator, replicas, sink), prints the final counts and
/// stops the host. <see cref="Fault"/> (exit code 1) says why the run failed: a part stopped by
/// itself, the pipeline did not catch up in time, or CSV rows could not be read.
/// </summary>
internal sealed partial class DemoRunner(
    DemoPlan plan, IConfiguration configuration, ILoggerFactory loggers, TimeProvider time, IHostApplicationLifetime lifetime) : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan ReplicasStartTimeout = TimeSpan.FromSeconds(90);

    private readonly ILogger _logger = loggers.CreateLogger<DemoRunner>();
    private readonly List<Component> _replicas = [];
    private Component? _broker;
    private Component? _sink;
    private Component? _simulator;
    private Task<DemoDatabase>? _opening;
    private DemoDatabase? _database;
    private PipelineProbe? _probe;
    private long _started;
    private long _nextReport;

    /// <summary>Where the demo writes what it does (stdout; logs go to stderr).</summary>
    public TextWriter Output { get; init; } = Console.Out;

    /// <summary>When the simulator ended by itself and the pipeline caught up: what was published and how long it took to reach PostgreSQL.</summary>
    public DemoResult? Result { get; private set; }

    /// <summary>Why the run failed, once it is over; null after a good run (also one stopped by Ctrl+C).</summary>
    public Exception? Fault { get; private set; }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(() => RunAsync(stoppingToken), CancellationToken.None);

    private async Task RunAsync(CancellationToken stop)
    {
        var stateDir = plan.StateDir ?? Path.Combine(Path.GetTempPath(), "pulse-demo-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            Directory.CreateDirectory(stateDir);
            Say("pulse demo: the whole vitals pipeline in one process; Ctrl+C stops it.");
            Say($"  state: {stateDir}{(plan.StateDir is null ? " (deleted at the end)" : "")}");
            await StartAsync(stateDir, stop).ConfigureAwait(false);
            await RunUntilDoneAsync(stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            Say("Ctrl+C (or SIGTERM): stopping.");
        }
        catch (Exception e)
        {
            Fault ??= e;
            LogFailed(_logger, e, e.Message);
        }
        finally
        {
            await StopAsync(stateDir).ConfigureAwait(false);
            if (Fault is not null) Say($"pulse demo failed: {Fault.Message}");
            lifetime.StopApplication();
        }
    }

    private async Task StartAsync(string stateDir, CancellationToken stop)
    {
        var parts = new DemoParts(configuration, loggers, Output);
        Say($"Starting the embedded Kafka cluster ({configuration["Broker:Brokers"] ?? "3"} brokers, every pipeline topic with {plan.Partitions} partitions)…");
        _broker = parts.Broker();
        await _broker.StartAsync(stop).ConfigureAwait(false);
        var bootstrap = _broker.Services.GetRequiredService<EmbeddedBroker>().BootstrapServers!;

        Say(plan.PostgresConnectionString is null
            ? $"Starting a private PostgreSQL from {Postgres.LocalPostgres.FindBinDirectory()} (its folder in {stateDir}; the rows go with it at the end)…"
            : "Using the PostgreSQL given by --postgres / Postgres:ConnectionString…");
        _opening = DemoDatabase.OpenAsync(plan.PostgresConnectionString, stateDir, _logger, stop);

        Say($"Starting {plan.Replicas} topology replica(s) of application '{plan.ApplicationId}' (KafkaStreams instances sharing its partitions)…");
        for (var i = 1; i <= plan.Replicas; i++)
        {
            var dir = Path.Combine(stateDir, $"replica-{i}");
            var replica = parts.Replica(i, bootstrap, dir);
            _replicas.Add(replica);
            await replica.StartAsync(stop).ConfigureAwait(false);
            Say($"  {replica.Name}: state in {dir}");
        }

        _database = await _opening.ConfigureAwait(false);
        Say($"PostgreSQL: {_database.Description} (migrated)");
        _probe = new PipelineProbe(bootstrap, plan.Topics, plan.Partitions, plan.ApplicationId, _database.DataSource, plan.SinkGroup);
        var tasks = await WaitForReplicasAsync(stop).ConfigureAwait(false);
        Say($"Replicas running; tasks per stream thread: {tasks}.");

        Say($"Starting the Postgres sink (group '{plan.SinkGroup}'): {plan.Topics.Enriched} → readings, {plan.Topics.Stats} → vital_stats_1m, " +
            $"{plan.Topics.Notify} + {plan.Topics.Dispatch} → alerts, {plan.Topics.Invalid} → invalid_readings…");
        _sink = parts.Sink(bootstrap, _database.ConnectionString);
        await _sink.StartAsync(stop).ConfigureAwait(false);

        Say($"Starting the simulator: {DescribeSimulation()}…");
        _simulator = parts.Simulator(bootstrap, SimulatorClock());
        _started = time.GetTimestamp(); // it publishes as soon as it starts
        _nextReport = _started;
        await _simulator.StartAsync(stop).ConfigureAwait(false);

        Say("Where to look:");
        Say($"  {_database.PsqlCommand()} -c 'SELECT patient_id, ts, rule, severity, state, message FROM alerts ORDER BY ts DESC LIMIT 20'");
        Say($"  pulse alerts --bootstrap-servers {bootstrap} --all --from-beginning");
        Say("  (tables: readings, invalid_readings, vital_stats_1m, alerts; view daily_patient_stats)");
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
            Say($"Running {Until()}; counts every {DurationText.Format(plan.ReportEvery)}:");
        await WaitAsync(() => simulator.Stopping.IsCancellationRequested || (plan.Duration is { } d && time.GetElapsedTime(_started) >= d), null, stop)
            .ConfigureAwait(false);
        if (simulator.Stopping.IsCancellationRequested)
        {
            await CatchUpAsync(stop).ConfigureAwait(false);
            return;
        }
        Say("Duration reached: stopping the simulator, then letting its last readings reach PostgreSQL…");
        await simulator.StopAsync().ConfigureAwait(false);
        if (plan.DrainTimeout > TimeSpan.Zero && !await WaitAsync(() => _probe!.CaughtUp(), plan.DrainTimeout, stop).ConfigureAwait(false))
            Say($"  not all of them within {DurationText.Format(plan.DrainTimeout)}; stopping anyway.");
    }

    /// <summary>After the simulator has published everything it had: waits until all of it, and all it led to, is in PostgreSQL.</summary>
    private async Task CatchUpAsync(CancellationToken stop)
    {
        var metrics = _simulator!.Services.GetRequiredService<SimulatorMetrics>();
        Say($"{(plan.Csv ? "The file is published" : "The simulator is done")} ({metrics.Published:N0} readings); waiting for the replicas and the sink to catch up…");
        if (!await WaitAsync(() => _probe!.CaughtUp(), plan.CatchUpTimeout, stop).ConfigureAwait(false))
            throw new DemoFailedException($"the pipeline did not catch up within {DurationText.Format(plan.CatchUpTimeout)}.");
        Result = new DemoResult(metrics.Published, time.GetElapsedTime(_started));
        Say($"Everything {(plan.Csv ? "the file" : "the readings")} produced is in PostgreSQL. Windows still open at the end (each patient's last " +
            "minute, unless later readings passed its end + grace) are not emitted: a window closes only when stream time passes it.");
        Say(string.Create(CultureInfo.InvariantCulture,
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
        new[] { _broker, _sink }.Concat(_replicas).FirstOrDefault(p => p is { StoppedByItself: true })
        ?? (_simulator is { StoppedByItself: true } simulator && SimulatorFailed(simulator) ? simulator : null);

    private static bool SimulatorFailed(Component simulator)
    {
        var metrics = simulator.Services.GetRequiredService<SimulatorMetrics>();
        return metrics.DeliveryFailures > 0 || (simulator.Fault is not null && metrics.RowsRejected == 0);
    }

    /// <summary>Stops the parts in order (no more readings, then the topology, then the sink), prints the final counts, then stops Kafka and PostgreSQL.</summary>
    private async Task StopAsync(string stateDir)
    {
        try
        {
            if (_simulator is not null) await _simulator.StopAsync().ConfigureAwait(false);
            await Task.WhenAll(_replicas.Select(r => r.StopAsync())).ConfigureAwait(false);
            if (_sink is not null) await _sink.StopAsync().ConfigureAwait(false);
            if (_probe is not null) Report("Final: ");
        }
        catch (Exception e)
        {
            LogStopFailed(_logger, e, e.Message);
        }
        _probe?.Dispose();
        foreach (var part in new[] { _simulator, _sink }.Concat(_replicas).Append(_broker))
            if (part is not null) await part.DisposeAsync().ConfigureAwait(false);
        await CloseDatabaseAsync().ConfigureAwait(false);
        if (plan.StateDir is null) DeleteQuietly(stateDir);
        Say("pulse demo stopped.");
    }

    /// <summary>Stops the private PostgreSQL, also one still starting when the demo failed.</summary>
    private async Task CloseDatabaseAsync()
    {
        if (_database is null && _opening is not null)
        {
            try
            {
                _database = await _opening.ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // Reported already, or the demo failed before it mattered.
                LogStopFailed(_logger, e, e.Message);
            }
        }
        _database?.Dispose();
    }

    private void Report(string prefix)
    {
        var metrics = _simulator?.Services.GetRequiredService<SimulatorMetrics>();
        var counts = _probe!.Read(metrics?.Published ?? 0, metrics?.RowsRejected ?? 0);
        var elapsed = _started == 0 ? TimeSpan.Zero : time.GetElapsedTime(_started);
        Say(string.Create(CultureInfo.InvariantCulture, $"{prefix}[{elapsed:mm\\:ss}] {counts.Line()}"));
    }

    /// <summary>The simulator's clock: in random mode the patients' time runs <see cref="DemoPlan.Speed"/> times faster, ending about now when the run has a duration.</summary>
    private TimeProvider SimulatorClock()
    {
        if (plan.Csv || plan.Speed == 1) return time;
        var origin = time.GetUtcNow() - (plan.Duration ?? TimeSpan.Zero) * (plan.Speed - 1);
        return new ScaledTimeProvider(time, plan.Speed, origin);
    }

    private string Until() => plan.Duration is { } d ? $"for {DurationText.Format(d)}"
        : plan.Simulation.ReadingLimit is { } limit ? $"until the simulator has published {limit:N0} readings and they have reached PostgreSQL"
        : "until Ctrl+C";

    private string DescribeSimulation()
    {
        var s = plan.Simulation;
        if (plan.Csv) return $"replaying {s.CsvPath} {(s.Rate is { } r ? string.Create(CultureInfo.InvariantCulture, $"at {r:0.##} readings/s") : "as fast as possible")}";
        var rate = s.Rate ?? s.Patients;
        return string.Create(CultureInfo.InvariantCulture,
            $"{s.Patients} patients, scenario {s.Scenario.ToString().ToLowerInvariant()} (deteriorations over {DurationText.Format(s.Deterioration)} of patient time), " +
            $"{rate:0.##} readings per second of patient time, patient time at {plan.Speed:0.##}x the clock ({rate * plan.Speed:0.##} readings/s)");
    }

    private void Say(string line)
    {
        Output.WriteLine(line);
        Output.Flush();
    }

    private static void DeleteQuietly(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temp folder is harmless.
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The demo failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, Exception exception, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopping the demo's parts failed: {Reason}")]
    private static partial void LogStopFailed(ILogger logger, Exception exception, string reason);
}
