using Pulse.Streams.Processor;

namespace Pulse.Streams.Dsl;

/// <summary>
/// Options of a foreign-key table–table join: a name for its nodes, store and internal topics
/// (<c>&lt;name&gt;-subscription-registration-topic</c>, <c>&lt;name&gt;-subscription-store</c>,
/// <c>&lt;name&gt;-subscription-response-topic</c>), and partitioners, needed when a table's topic is not partitioned by
/// the default partitioner: <see cref="Partitioner"/> places this table's keys (on the response topic),
/// <see cref="OtherPartitioner"/> the other table's keys (the foreign keys, on the subscription topic). The partitioners
/// see no value (null).
/// </summary>
public sealed record TableJoined<TKey, TForeignKey>(StreamPartitioner<TKey, object?>? Partitioner = null,
    StreamPartitioner<TForeignKey, object?>? OtherPartitioner = null, string? Name = null)
{
    /// <summary>A copy that names the join.</summary>
    public TableJoined<TKey, TForeignKey> WithName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return this with { Name = name };
    }
}

/// <summary>Factories of <see cref="TableJoined{TKey, TForeignKey}"/>.</summary>
public static class TableJoined
{
    /// <summary>A join with these partitioners (null for the default one).</summary>
    public static TableJoined<TKey, TForeignKey> With<TKey, TForeignKey>(StreamPartitioner<TKey, object?>? partitioner,
        StreamPartitioner<TForeignKey, object?>? otherPartitioner) => new(partitioner, otherPartitioner);

    /// <summary>A named join.</summary>
    public static TableJoined<TKey, TForeignKey> As<TKey, TForeignKey>(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new(Name: name);
    }
}
