using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using pulse.vitals;
using Pulse.Host.Configuration;
using Pulse.Host.Simulator.Internal.Csv;
using Pulse.Host.Simulator.Internal.Patients;
using Pulse.Schemas;

using Pulse.Host.Observability;

namespace Pulse.Host.Simulator.Internal;

/// <summary>
/// <c>pulse simulate</c> as a hosted service: takes readings from the plan's source (generated
/// patients or a CSV file), paces them at the plan's rate (<see cref="Pacer"/>) or sends them as fast
/// as possible, publishes them (<see cref="ReadingPublisher"/>), shows progress, and at the end flushes
/// the producer, prints the summary and stops the host. The run ends at its reading limit or wall-clock
/// limit, at the end of the file, or on Ctrl+C/SIGTERM.
/// </summary>
/// <remarks>
/// A run that could not publish everything keeps the reason in <see cref="Fault"/> (the process exits
/// 1): CSV rows that could not be read (the good rows are published all the same), undelivered
/// readings, a fatal producer error.
/// </remarks>
internal sealed class VitalsSimulator(
    SimulationPlan plan,
    IOptions<KafkaOptions> kafka,
    ISchemaRegistryClient registry,
    SimulatorMetrics metrics,
    SimulatorConsole console,
    TimeProvider time,
    ILogger<VitalsSimulator> logger,
    IHostApplicationLifetime lifetime) : BackgroundService
{
    private static readonly TimeSpan FlushTimeout = TimeSpan.FromSeconds(20);
    private const int RejectedRowsLogged = 100;
    private const int RejectedLinesNamed = 20;

    private readonly List<long> _rejectedLines = []; // the first RejectedLinesNamed, for the final message
    private long _rejected;

    /// <summary>Why the run did not publish everything, once it is over; null after a complete run.</summary>
    public Exception? Fault { get; private set; }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Run(() => RunAsync(stoppingToken), CancellationToken.None);

    private async Task RunAsync(CancellationToken stop)
    {
        // One span for the run: what it published, rejected and failed to deliver.
        using var activity = HostTracing.Source.StartActivity("simulate.run");
        try
        {
            using var source = OpenSource();
            activity?.SetTag("simulate.source", source.Description);
            activity?.SetTag("simulate.topic", plan.Topic);
            logger.LogInformation("Simulator: {Source}; publishing to {Topic} {Pace}, {Until}",
                source.Description, plan.Topic, Pace(), Until());
            using var publisher = new ReadingPublisher(ProducerConfig(), AvroSerdes.Serializer<VitalReading>(registry), plan.Topic, metrics, logger);
            var progress = new ProgressReporter(console, metrics, time, plan.ReportEvery, () => source.Progress);
            using var reporting = new CancellationTokenSource();
            var reporter = progress.RunAsync(reporting.Token);
            int unacknowledged;
            try
            {
                await PublishAllAsync(source, publisher, stop).ConfigureAwait(false);
            }
            finally
            {
                unacknowledged = publisher.Flush(FlushTimeout);
                await reporting.CancelAsync().ConfigureAwait(false);
                await reporter.ConfigureAwait(false);
                progress.Finish(ProgressLine.Summary(plan.Topic, metrics.Published, metrics.RowsRejected, metrics.DeliveryFailures, progress.Elapsed));
            }
            Fault = publisher.FatalError ?? Incomplete(unacknowledged);
            if (Fault is not null) logger.LogError("Simulator: {Problem}", Fault.Message);
        }
        catch (Exception e)
        {
            Fault = e;
            logger.LogCritical(e, "The simulator stopped: {Reason}", e.Message);
        }
        finally
        {
            activity?.SetTag("simulate.published", metrics.Published);
            activity?.SetTag("simulate.rows_rejected", metrics.RowsRejected);
            activity?.SetTag("simulate.delivery_failures", metrics.DeliveryFailures);
            if (Fault is not null) activity?.SetStatus(ActivityStatusCode.Error, Fault.Message);
            activity?.Stop(); // before the host is told to stop: whoever waits for the host sees a finished span
            lifetime.StopApplication();
        }
    }

    private async Task PublishAllAsync(IReadingSource source, ReadingPublisher publisher, CancellationToken stop)
    {
        using var deadline = plan.WallClockLimit is { } limit ? new CancellationTokenSource(limit, time) : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, deadline.Token);
        var token = linked.Token;
        using var pacer = plan.Rate is { } rate ? new Pacer(rate, time) : null;
        var readingLimit = plan.ReadingLimit ?? long.MaxValue;
        long sent = 0, allowance = 0;
        using var items = source.Items().GetEnumerator();
        try
        {
            while (sent < readingLimit && !token.IsCancellationRequested)
            {
                if (publisher.FatalError is not null) return;
                // Wait for the slot before taking the item, so a clock-stamped row is stamped when it is sent.
                if (pacer is not null && allowance == 0) allowance = await pacer.WaitAsync(token).ConfigureAwait(false);
                if (!items.MoveNext()) return;
                if (items.Current.Rejected is { } rejected)
                {
                    Reject(rejected);
                    continue;
                }
                publisher.Publish(items.Current.Reading!, token);
                sent++;
                allowance--;
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Ctrl+C, SIGTERM, or the wall-clock limit: what was sent is flushed.
        }
    }

    private void Reject(RejectedRow rejected)
    {
        metrics.RowRejected();
        if (++_rejected <= RejectedLinesNamed) _rejectedLines.Add(rejected.Line);
        if (_rejected <= RejectedRowsLogged)
            logger.LogWarning("CSV {Path} {Row}", plan.CsvPath, rejected);
        else if (_rejected == RejectedRowsLogged + 1)
            logger.LogWarning("More than {Count} rows rejected; the rest are counted but not logged one by one", RejectedRowsLogged);
    }

    private SimulationFailedException? Incomplete(int unacknowledged)
    {
        var problems = new List<string>();
        if (_rejected > 0)
        {
            var lines = string.Join(", ", _rejectedLines.Select(l => l.ToString(CultureInfo.InvariantCulture))) + (_rejected > RejectedLinesNamed ? ", …" : "");
            problems.Add($"{_rejected} CSV {(_rejected == 1 ? "row" : "rows")} could not be read ({(_rejected == 1 ? "line" : "lines")} {lines}); the other rows were published");
        }
        if (metrics.DeliveryFailures > 0)
            problems.Add($"{metrics.DeliveryFailures} readings could not be delivered to {plan.Topic}");
        if (unacknowledged > 0)
            problems.Add($"{unacknowledged} readings were still unacknowledged after {FlushTimeout.TotalSeconds:0} s");
        return problems.Count == 0 ? null : new SimulationFailedException(string.Join("; ", problems) + ".");
    }

    private IReadingSource OpenSource()
    {
        if (plan.Mode == SimulationMode.Csv)
        {
            var csv = CsvReadingSource.Open(plan.CsvPath!, time);
            if (csv.Columns.Ignored.Count > 0)
                logger.LogWarning("CSV {Path}: columns {Columns} are not reading fields; ignored", plan.CsvPath, string.Join(", ", csv.Columns.Ignored));
            if (!csv.Columns.Has(CsvField.Timestamp))
                logger.LogInformation("CSV {Path} has no timestamp column: readings are stamped with the time they are sent, at least 1 ms apart", plan.CsvPath);
            return csv;
        }
        return new RandomReadingSource(plan, plan.Start ?? time.GetUtcNow());
    }

    private string Pace() => plan.Rate is { } rate ? string.Create(CultureInfo.InvariantCulture, $"at {rate:0.###} readings/s") : "as fast as possible";

    private string Until() => plan.Duration is { } duration
        ? plan.ReadingLimit is { } limit ? $"{limit} readings over {DurationText.Format(duration)}" : $"for {DurationText.Format(duration)}"
        : plan.Mode == SimulationMode.Csv ? "to the end of the file" : "until stopped (Ctrl+C)";

    private ProducerConfig ProducerConfig() => new(new Dictionary<string, string>(kafka.Value.Properties))
    {
        BootstrapServers = kafka.Value.BootstrapServers,
    };
}
