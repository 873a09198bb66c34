namespace Pulse.Host.Init;

/// <summary>What <c>pulse init</c> found or did for one topic.</summary>
/// <param name="Topic">The topic wanted.</param>
/// <param name="Result">Created, found, or not made.</param>
/// <param name="Partitions">The partitions it has (when it exists).</param>
/// <param name="Detail">Why it failed, or a warning (partition count differs).</param>
public sealed record TopicOutcome(TopicSpec Topic, TopicResult Result, int? Partitions = null, string? Detail = null);

/// <summary>The result for one topic.</summary>
public enum TopicResult
{
    /// <summary>Made by this run.</summary>
    Created,

    /// <summary>There already (made before, or by someone else meanwhile).</summary>
    Exists,

    /// <summary>Not made; <see cref="TopicOutcome.Detail"/> says why.</summary>
    Failed,
}
