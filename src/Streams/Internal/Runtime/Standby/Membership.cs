using Microsoft.Extensions.Logging;

namespace Pulse.Streams.Internal.Runtime.Standby;

/// <summary>
/// An instance's part in the membership channel, the <c>&lt;application.id&gt;-members</c> topic (compacted, one
/// partition): its id, what it has read of the other instances, the tasks its stream threads claim, its standby
/// tasks, and the placement that joins them. Confluent.Kafka offers no custom assignor and no member user data,
/// so instances tell each other their tasks here instead of through the group protocol. Runs only with
/// <see cref="StreamsConfig.NumStandbyReplicas"/> above 0 or <see cref="StreamsConfig.ApplicationServer"/> set.
/// </summary>
internal sealed class Membership : IDisposable
{
    private readonly InstanceIdFile _id;
    private readonly StreamsConfig _config;
    private volatile StandbyLag[] _lag = [];

    public Membership(RuntimeContext runtime, ILogger logger)
    {
        _config = runtime.Config;
        _id = InstanceIdFile.Acquire(runtime.Config, logger);
        Topic = TopicOf(runtime.Config.ApplicationId);
        ThreadName = $"{runtime.Config.ApplicationId}-{runtime.ProcessId}-MembershipThread";
        View = new MembershipView(runtime.Config.MembershipTimeout);
        Tasks = new StandbyTasks(runtime, logger);
    }

    public static bool IsEnabled(StreamsConfig config) => config.NumStandbyReplicas > 0 || config.ApplicationServer is not null;

    public static string TopicOf(string applicationId) => TopicNames.Members(applicationId);

    /// <summary>This instance's id on the topic (stable across restarts on one state directory).</summary>
    public string InstanceId => _id.Value;

    public string Topic { get; }

    /// <summary>The name of the thread that runs the channel (<see cref="MembershipThread"/>).</summary>
    public string ThreadName { get; }

    public MembershipView View { get; }

    public StandbyTasks Tasks { get; }

    /// <summary>How far each standby store is behind its changelog, as the membership thread last measured (about once a second).</summary>
    public IReadOnlyList<StandbyLag> Lag
    {
        get => _lag;
        set => _lag = [.. value];
    }

    /// <summary>This instance as it describes itself now: the tasks its threads claim and its open standbys.</summary>
    public MemberRecord Self(long nowMs) => new(InstanceId, _config.ApplicationServer, Tasks.Claimed, Tasks.Open, nowMs);

    /// <summary>The live instances, this one first (as it is now, not as it last published).</summary>
    public IReadOnlyList<MemberRecord> Live(long nowMs) =>
        [Self(nowMs), .. View.Live(nowMs).Where(m => !string.Equals(m.InstanceId, InstanceId, StringComparison.Ordinal))];

    /// <summary>
    /// The tasks this instance should keep as standbys now: by <see cref="StandbyPlacement"/> over the live
    /// instances, plus the open standbys of tasks no live instance runs (their owner just left and the group has
    /// not given them out again): those are the warmest copies there are, and may be about to become active here.
    /// </summary>
    public IReadOnlySet<TaskId> DesiredStandbys(long nowMs)
    {
        var active = Live(nowMs).ToDictionary(m => m.InstanceId, m => (IReadOnlySet<TaskId>)m.Active.ToHashSet(), StringComparer.Ordinal);
        var desired = StandbyPlacement.StandbysOf(InstanceId, Tasks.Keepable, active, _config.NumStandbyReplicas).ToHashSet();
        var running = active.Values.SelectMany(tasks => tasks).ToHashSet();
        if (_config.NumStandbyReplicas > 0) desired.UnionWith(Tasks.Open.Where(t => !running.Contains(t)));
        return desired;
    }

    public void Dispose() => _id.Dispose();
}

/// <summary>A standby store's distance from its changelog's end: high watermark minus the next offset to apply.</summary>
internal sealed record StandbyLag(TaskId Task, string Store, long Lag);
