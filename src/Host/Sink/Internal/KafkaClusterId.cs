using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Pulse.Host.Sink.Internal;

/// <summary>
/// The id of the Kafka cluster the sink reads (from the brokers' metadata), which its stored offsets and
/// dead-letter positions carry. A cluster that does not answer yet is asked again, with the wait doubling
/// up to 5 s, until it does or the sink stops: an outage at start is waited out and said once, not fatal.
/// </summary>
internal static class KafkaClusterId
{
    public static string Read(ClientConfig config, ILogger logger, TimeProvider time, CancellationToken stop)
    {
        string? lastError = null;
        using var admin = new AdminClientBuilder(new AdminClientConfig(config))
            .SetLogHandler((_, m) => logger.LogDebug("librdkafka {Client} {Facility}: {KafkaMessage}", m.Name, m.Facility, m.Message))
            .SetErrorHandler((_, e) => lastError = e.Reason)
            .Build();
        var wait = TimeSpan.FromMilliseconds(250);
        for (var attempt = 1; ; attempt++)
        {
            if (admin.ClusterId(TimeSpan.FromSeconds(5)) is { Length: > 0 } id) return id;
            if (attempt == 1)
                logger.LogWarning("Kafka {Servers} does not answer yet ({Reason}); asking again until it does",
                    config.BootstrapServers, lastError ?? "no metadata");
            Task.Delay(wait, time, stop).GetAwaiter().GetResult();
            wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
        }
    }
}
