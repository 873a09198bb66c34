using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using pulse.vitals;
using Pulse.Host.Configuration;
using Pulse.Host.Simulator.Internal;
using Pulse.Vitals;

namespace Pulse.Host.AlertTail;

/// <summary>
/// <c>pulse alerts ack</c>'s work, once: publishes an <see cref="AlertAck"/> on <c>alerts.acks</c>
/// (<see cref="AlertAckProducer"/>), waits for Kafka to confirm it, prints one line, and stops the host.
/// <see cref="Fault"/> is set when it was not published.
/// </summary>
internal sealed class AckPublisher(
    IOptions<AlertAckOptions> options, IOptions<KafkaOptions> kafka, IOptions<VitalsTopics> topics, ISchemaRegistryClient registry,
    IHostApplicationLifetime lifetime, TimeProvider time) : BackgroundService
{
    private volatile Exception? _fault;

    /// <summary>Why the acknowledgement was not published, or null.</summary>
    public Exception? Fault => _fault;

    /// <summary>Where the confirmation goes (stdout).</summary>
    public TextWriter Output { get; init; } = Console.Out;

    /// <summary>Where a failure goes (stderr).</summary>
    public TextWriter Error { get; init; } = Console.Error;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            await PublishAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            _fault ??= new OperationCanceledException("Stopped before the acknowledgement was confirmed.");
        }
        finally
        {
            lifetime.StopApplication();
        }
    }

    private async Task PublishAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        DurationText.TryParse(o.Timeout, out var timeout);
        var by = string.IsNullOrWhiteSpace(o.By) ? Environment.UserName : o.By.Trim();
        var ack = new AlertAck
        {
            patient_id = o.PatientId, episode_id = string.IsNullOrWhiteSpace(o.EpisodeId) ? null : o.EpisodeId.Trim(), acknowledged_by = by,
            timestamp = time.GetUtcNow().UtcDateTime, note = string.IsNullOrWhiteSpace(o.Note) ? null : o.Note,
        };
        var topic = topics.Value.Acks;
        using var producer = new AlertAckProducer(kafka.Value, topic, registry, timeout, "pulse-alerts-ack");
        try
        {
            var result = await producer.PublishAsync(ack, cancellationToken).ConfigureAwait(false);
            var episode = ack.episode_id is null ? "their open episode" : $"episode {ack.episode_id}";
            await Output.WriteLineAsync(
                $"Acknowledged {episode} of patient {ack.patient_id} as {by} ({topic} partition {result.Partition.Value}, offset {result.Offset.Value}).")
                .ConfigureAwait(false);
        }
        catch (ProduceException<string, AlertAck> e)
        {
            _fault = e;
            await Error.WriteLineAsync(
                $"pulse alerts ack: Kafka {kafka.Value.BootstrapServers} did not take the acknowledgement within {o.Timeout} ({e.Error.Reason}); " +
                "check Kafka:BootstrapServers, or try again.").ConfigureAwait(false);
        }
    }
}
