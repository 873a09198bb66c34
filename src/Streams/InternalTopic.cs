namespace Pulse.Streams;

/// <summary>
/// A topic an application creates for itself: a store's changelog (compacted) or a repartition topic,
/// with the partition count and topic configs the application gives it (<see cref="Topology.InternalTopics"/>).
/// </summary>
/// <param name="Name">The full name (<see cref="TopicNames"/>).</param>
/// <param name="Partitions">Partitions: a changelog has one per task of its store's sub-topology.</param>
/// <param name="Configs">Topic configs, <c>cleanup.policy</c> among them.</param>
/// <param name="StoreName">The store whose changelog this is; null for a repartition topic.</param>
public sealed record InternalTopic(string Name, int Partitions, IReadOnlyDictionary<string, string> Configs, string? StoreName);
