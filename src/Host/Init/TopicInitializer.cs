using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace Pulse.Host.Init;

/// <summary>
/// Creates the topics that are missing with the admin client's CreateTopics, and reports on each.
/// Existing topics are found first (a metadata request for all topics, which never makes a broker
/// auto-create one), so a second run, or a run against <c>pulse broker</c> (whose mock cluster
/// has them all and does not answer CreateTopics), asks the cluster for nothing.
/// </summary>
internal sealed class TopicInitializer(IAdminClient admin, TimeSpan timeout)
{
    /// <summary>The message for a cluster that never answers CreateTopics, with what to do.</summary>
    public static string TimedOut(TimeSpan timeout) =>
        $"the cluster did not create the topics within {timeout.TotalSeconds:0} s. librdkafka's mock cluster (the one 'pulse broker' runs) never answers " +
        "CreateTopics: 'pulse broker' creates the pipeline's topics itself when it starts (with --partitions and --application-id), so re-start it with those " +
        "instead. On a real cluster, check that its controller is up and raise Topics:CreateTimeoutMs.";

    /// <summary>The partition count of every topic that exists now.</summary>
    /// <exception cref="KafkaException">The cluster cannot be reached.</exception>
    public Dictionary<string, int> Existing() =>
        admin.GetMetadata(timeout).Topics
            .Where(t => !t.Error.IsError && t.Partitions.Count > 0)
            .ToDictionary(t => t.Topic, t => t.Partitions.Count, StringComparer.Ordinal);

    /// <summary>Creates what is missing of <paramref name="specs"/>; one outcome per spec, in order.</summary>
    public async Task<IReadOnlyList<TopicOutcome>> EnsureAsync(IReadOnlyList<TopicSpec> specs, short replicationFactor, CancellationToken cancellationToken)
    {
        var existing = Existing();
        var outcomes = specs.ToDictionary(s => s.Name, s => existing.TryGetValue(s.Name, out var n)
            ? new TopicOutcome(s, TopicResult.Exists, n, n == s.Partitions ? null : $"has {n} partitions, not {s.Partitions}; left as it is")
            : null, StringComparer.Ordinal);
        var missing = specs.Where(s => outcomes[s.Name] is null).ToList();
        if (missing.Count > 0)
            foreach (var outcome in await CreateAsync(missing, replicationFactor, cancellationToken).ConfigureAwait(false))
                outcomes[outcome.Topic.Name] = outcome;
        return specs.Select(s => outcomes[s.Name]!).ToList();
    }

    private async Task<IEnumerable<TopicOutcome>> CreateAsync(List<TopicSpec> missing, short replicationFactor, CancellationToken cancellationToken)
    {
        var request = missing.Select(s => new TopicSpecification
        {
            Name = s.Name,
            NumPartitions = s.Partitions,
            ReplicationFactor = replicationFactor,
            Configs = s.Configs.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
        }).ToList();
        var create = admin.CreateTopicsAsync(request, new CreateTopicsOptions { RequestTimeout = timeout, OperationTimeout = timeout });
        // The client's own timeout is the one that should fire; this one guards against a request that never completes.
        var deadline = Task.Delay(timeout + TimeSpan.FromSeconds(10), cancellationToken);
        try
        {
            if (await Task.WhenAny(create, deadline).ConfigureAwait(false) == deadline)
            {
                cancellationToken.ThrowIfCancellationRequested();
                return missing.Select(s => new TopicOutcome(s, TopicResult.Failed, Detail: TimedOut(timeout)));
            }
            await create.ConfigureAwait(false);
            return missing.Select(s => new TopicOutcome(s, TopicResult.Created, s.Partitions));
        }
        catch (CreateTopicsException e)
        {
            return missing.Select(s => e.Results.Find(r => r.Topic == s.Name) is { } r ? Outcome(s, r.Error, timeout) : new TopicOutcome(s, TopicResult.Created, s.Partitions));
        }
        catch (KafkaException e) when (e.Error.Code is ErrorCode.Local_TimedOut or ErrorCode.RequestTimedOut)
        {
            return missing.Select(s => new TopicOutcome(s, TopicResult.Failed, Detail: TimedOut(timeout)));
        }
    }

    /// <summary>What a CreateTopics result means for one topic: an existing topic is a success (someone made it meanwhile).</summary>
    internal static TopicOutcome Outcome(TopicSpec spec, Error error, TimeSpan timeout) => error.Code switch
    {
        ErrorCode.NoError => new TopicOutcome(spec, TopicResult.Created, spec.Partitions),
        ErrorCode.TopicAlreadyExists => new TopicOutcome(spec, TopicResult.Exists), // made meanwhile by someone else
        ErrorCode.Local_TimedOut or ErrorCode.RequestTimedOut => new TopicOutcome(spec, TopicResult.Failed, Detail: TimedOut(timeout)),
        _ => new TopicOutcome(spec, TopicResult.Failed, Detail: $"{error.Code}: {error.Reason}"),
    };
}
