namespace Pulse.Streams;

/// <summary>A task: one sub-topology working on one partition number of its input topics.</summary>
/// <param name="Subtopology">The sub-topology's number.</param>
/// <param name="Partition">The partition number.</param>
public readonly record struct TaskId(int Subtopology, int Partition)
{
    /// <summary>Kafka's form, <c>subtopology_partition</c>.</summary>
    public override string ToString() => $"{Subtopology}_{Partition}";
}
