namespace Pulse.Streams.Internal.Runtime.Standby;

/// <summary>
/// Where the standby replicas of a task go: every live instance ranked by a rendezvous hash of (task,
/// instance), the instances running the task actively skipped, the first <c>replicas</c> taken (fewer when
/// there are not enough instances). A pure function of its inputs, so every instance that sees the same
/// members computes the same placement without talking to the others; an instance that joins or leaves
/// moves only the replicas it gains or held.
/// </summary>
internal static class StandbyPlacement
{
    /// <summary>The instances that should keep <paramref name="task"/> as a standby, best first.</summary>
    public static IReadOnlyList<string> StandbysFor(TaskId task, IEnumerable<string> liveInstances, IReadOnlySet<string> activeOwners, int replicas) =>
        replicas <= 0 ? [] : Rank(task, liveInstances).Where(i => !activeOwners.Contains(i)).Take(replicas).ToList();

    /// <summary>
    /// The tasks <paramref name="self"/> should keep as standbys, given the active tasks of every live
    /// instance (<paramref name="activeByInstance"/>, <paramref name="self"/> included with its own tasks).
    /// A task no live instance runs gets none: at start-up, before any assignment, an instance would
    /// otherwise stand by for the tasks it is about to run itself.
    /// </summary>
    public static IReadOnlySet<TaskId> StandbysOf(string self, IEnumerable<TaskId> tasks, IReadOnlyDictionary<string, IReadOnlySet<TaskId>> activeByInstance, int replicas)
    {
        var result = new HashSet<TaskId>();
        if (replicas <= 0) return result;
        var instances = activeByInstance.Keys.Append(self).Distinct(StringComparer.Ordinal).ToList();
        var ownTasks = activeByInstance.GetValueOrDefault(self) ?? new HashSet<TaskId>();
        foreach (var task in tasks)
        {
            if (ownTasks.Contains(task)) continue;
            var owners = activeByInstance.Where(kv => kv.Value.Contains(task)).Select(kv => kv.Key).ToHashSet(StringComparer.Ordinal);
            if (owners.Count > 0 && StandbysFor(task, instances, owners, replicas).Contains(self, StringComparer.Ordinal)) result.Add(task);
        }
        return result;
    }

    /// <summary>Every instance, highest score for <paramref name="task"/> first (ties, which need a 64-bit collision, by id).</summary>
    public static IReadOnlyList<string> Rank(TaskId task, IEnumerable<string> instances) =>
        instances.Distinct(StringComparer.Ordinal).OrderByDescending(i => Score(task, i)).ThenBy(i => i, StringComparer.Ordinal).ToList();

    /// <summary>A stable 64-bit hash of the pair (FNV-1a over the UTF-16 code units, then the splitmix64 finalizer to spread the bits).</summary>
    public static ulong Score(TaskId task, string instance)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in $"{task}/{instance}")
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }
        hash ^= hash >> 30;
        hash *= 0xBF58476D1CE4E5B9UL;
        hash ^= hash >> 27;
        hash *= 0x94D049BB133111EBUL;
        return hash ^ (hash >> 31);
    }
}
