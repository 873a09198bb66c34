using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Pulse.Streams;

/// <summary>
/// Routes librdkafka's own log lines and error events of a Confluent client into an
/// <see cref="ILogger"/>, instead of Confluent's default of printing them to standard error, so
/// they reach the application's structured logs. The runtime's clients log this way to
/// <see cref="StreamsConfig.LoggerFactory"/> under <see cref="Category"/>. Error events are
/// warnings (librdkafka retries them) unless fatal.
/// </summary>
public static class KafkaClientLogging
{
    /// <summary>The logger category of the runtime's Kafka clients.</summary>
    public const string Category = "Pulse.Streams.Kafka";

    /// <summary>Sets the builder's log and error handlers (use <see cref="Log"/> alone when the client needs its own error handler).</summary>
    public static ConsumerBuilder<TKey, TValue> LogTo<TKey, TValue>(this ConsumerBuilder<TKey, TValue> builder, ILogger logger) =>
        builder.SetLogHandler((_, m) => Log(logger, m)).SetErrorHandler((c, e) => Error(logger, c.Name, e));

    /// <inheritdoc cref="LogTo{TKey, TValue}(ConsumerBuilder{TKey, TValue}, ILogger)"/>
    public static ProducerBuilder<TKey, TValue> LogTo<TKey, TValue>(this ProducerBuilder<TKey, TValue> builder, ILogger logger) =>
        builder.SetLogHandler((_, m) => Log(logger, m)).SetErrorHandler((p, e) => Error(logger, p.Name, e));

    /// <inheritdoc cref="LogTo{TKey, TValue}(ConsumerBuilder{TKey, TValue}, ILogger)"/>
    public static AdminClientBuilder LogTo(this AdminClientBuilder builder, ILogger logger) =>
        builder.SetLogHandler((_, m) => Log(logger, m)).SetErrorHandler((a, e) => Error(logger, a.Name, e));

    /// <summary>Logs one librdkafka log line at the level its syslog level maps to.</summary>
    public static void Log(ILogger logger, LogMessage message)
    {
        var level = LevelOf(message.Level);
        if (logger.IsEnabled(level))
            logger.Log(level, "librdkafka {Client} {Facility}: {KafkaMessage}", message.Name, message.Facility, message.Message);
    }

    private static void Error(ILogger logger, string client, Error error) =>
        logger.Log(error.IsFatal ? LogLevel.Error : LogLevel.Warning, "librdkafka {Client} error {Code}: {Reason}", client, error.Code, error.Reason);

    /// <summary>
    /// Partitions as a short line for logs, ranges per topic in topic order: <c>alerts.notify [0-5], vitals.raw [0,2,4]</c>
    /// (a consumer with 30 partitions logs one short line, not 30 items).
    /// </summary>
    public static string Describe(IEnumerable<TopicPartition> partitions)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        var topics = partitions.GroupBy(p => p.Topic, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key} [{Ranges(g.Select(p => p.Partition.Value).Distinct().Order().ToList())}]").ToList();
        return topics.Count == 0 ? "none" : string.Join(", ", topics);
    }

    private static string Ranges(List<int> sorted)
    {
        var parts = new List<string>();
        for (var i = 0; i < sorted.Count;)
        {
            var j = i;
            while (j + 1 < sorted.Count && sorted[j + 1] == sorted[j] + 1) j++;
            parts.Add(j - i >= 2 ? $"{sorted[i]}-{sorted[j]}" : string.Join(",", sorted[i..(j + 1)]));
            i = j + 1;
        }
        return string.Join(",", parts);
    }

    /// <summary>librdkafka's syslog levels as <see cref="LogLevel"/>s.</summary>
    public static LogLevel LevelOf(SyslogLevel level) => level switch
    {
        SyslogLevel.Emergency or SyslogLevel.Alert or SyslogLevel.Critical => LogLevel.Critical,
        SyslogLevel.Error => LogLevel.Error,
        SyslogLevel.Warning => LogLevel.Warning,
        SyslogLevel.Notice or SyslogLevel.Info => LogLevel.Information,
        _ => LogLevel.Debug,
    };
}
