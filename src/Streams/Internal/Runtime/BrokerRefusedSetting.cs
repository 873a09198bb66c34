using Confluent.Kafka;

namespace Pulse.Streams.Internal.Runtime;

/// <summary>
/// Turns a broker's refusal of one of the application's settings into what to fix: a session timeout outside the
/// broker's bounds (JoinGroup's <c>INVALID_SESSION_TIMEOUT</c>; a broker allows 6 s to 30 min by default, librdkafka's
/// mock broker anything), a transaction timeout above its maximum (<c>INVALID_TRANSACTION_TIMEOUT</c>).
/// </summary>
internal static class BrokerRefusedSetting
{
    /// <summary>The message naming the setting <paramref name="error"/> refuses, or null when it refuses none.</summary>
    public static string? Describe(Error error, StreamsConfig config) => error.Code switch
    {
        ErrorCode.InvalidSessionTimeout =>
            $"The broker refused the consumer's session.timeout.ms ({config.Consumer.SessionTimeoutMs?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "librdkafka's default, 45000"}): " +
            "it must lie within the broker's group.min.session.timeout.ms and group.max.session.timeout.ms (6000 and 1800000 by default). " +
            $"Set session.timeout.ms (StreamsConfig.Consumer.SessionTimeoutMs) within them, with heartbeat.interval.ms at most a third of it. ({error.Reason})",
        ErrorCode.InvalidTransactionTimeout =>
            $"The broker refused the producer's transaction.timeout.ms ({config.Producer.TransactionTimeoutMs?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "the default"}): " +
            $"it must not exceed the broker's transaction.max.timeout.ms (900000 by default). Set transaction.timeout.ms (StreamsConfig.Producer.TransactionTimeoutMs) below it. ({error.Reason})",
        _ => null,
    };
}
