namespace Pulse.Host.Replica;

/// <summary>What an operator should do about a replica that could not start or failed: the message, with a hint where one helps.</summary>
internal static class ReplicaFailures
{
    public static string Describe(Exception failure, string applicationId)
    {
        var message = failure.Message;
        if (message.Contains("does not exist", StringComparison.Ordinal))
            return message + " Create the pipeline's topics with 'pulse init' (the embedded cluster of 'pulse broker' has them already).";
        if (message.Contains("Could not create internal topic", StringComparison.Ordinal))
            return message + " On 'pulse broker' (librdkafka's mock cluster, which does not answer CreateTopics), start the broker with " +
                $"--application-id {applicationId} so it makes this application's internal topics.";
        if (failure is Pulse.Streams.Errors.StreamsConfigException && message.Contains("session.timeout.ms", StringComparison.Ordinal))
            return message + " For pulse: Kafka:Properties:session.timeout.ms and heartbeat.interval.ms (PULSE__Kafka__Properties__session.timeout.ms).";
        if (failure is Pulse.Streams.Errors.StreamsConfigException && message.Contains("transaction.timeout.ms", StringComparison.Ordinal))
            return message + " For pulse: Kafka:Properties:transaction.timeout.ms (PULSE__Kafka__Properties__transaction.timeout.ms).";
        return message;
    }
}
