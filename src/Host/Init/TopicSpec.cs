namespace Pulse.Host.Init;

/// <summary>A topic the pipeline needs: its name, partitions and topic configs (<c>cleanup.policy</c> and so on).</summary>
/// <param name="Name">The topic's name.</param>
/// <param name="Partitions">How many partitions it has.</param>
/// <param name="Configs">Topic-level configs to create it with.</param>
/// <param name="Purpose">What it holds, for people reading <c>pulse init</c>'s report.</param>
public sealed record TopicSpec(string Name, int Partitions, IReadOnlyDictionary<string, string> Configs, string Purpose)
{
    /// <summary>True when old records of a key are compacted away rather than deleted by age.</summary>
    public bool Compacted => Configs.TryGetValue("cleanup.policy", out var policy) && policy.Contains("compact", StringComparison.Ordinal);
}
