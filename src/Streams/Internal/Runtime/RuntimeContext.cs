using Pulse.Streams.Internal.Processor;
using Pulse.Streams.Internal.Runtime.Standby;
using Pulse.Streams.Internal.State;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.Runtime;

/// <summary>
/// What every stream thread of one application instance shares: the topology, the plan of tasks and topics, the global stores.
/// Immutable after start, but for the topics pattern sources find later (<see cref="RefreshPatternTopics"/>).
/// </summary>
internal sealed class RuntimeContext(StreamsConfig config, InternalTopologyBuilder builder, InternalTopicManager topics,
    IReadOnlyList<(Subtopology Sub, int Tasks)> tasksPerSubtopology, IReadOnlyDictionary<string, int> partitions,
    IReadOnlyList<StreamTask> globalTasks, string processId, IDisposable? ownedAdmin) : IDisposable
{
    public StreamsConfig Config { get; } = config;
    public InternalTopologyBuilder Builder { get; } = builder;
    public IReadOnlyList<(Subtopology Sub, int Tasks)> TasksPerSubtopology { get; } = tasksPerSubtopology;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _partitions = new(partitions, StringComparer.Ordinal);
    private readonly Lock _patternLock = new();
    private long _nextPatternCheck;

    /// <summary>Partition counts by broker topic name.</summary>
    public IReadOnlyDictionary<string, int> Partitions => _partitions;

    /// <summary>What lists the cluster's topics, for pattern sources.</summary>
    public ITopicCreator? TopicCreator { get; init; }

    /// <summary>Bumped each time pattern sources find new topics; a stream thread subscribed to an older version subscribes again.</summary>
    public int PatternTopicsVersion { get; private set; }

    /// <summary>
    /// At most once per <see cref="StreamsConfig.TopicPatternRefreshInterval"/> over all threads: adds the new topics pattern sources
    /// match (as a consumer subscribed by pattern sees them on its metadata refresh); returns true when it found some. A topic with
    /// more partitions than its sub-topology has tasks is read up to that many partitions (the task count is fixed when the instance starts).
    /// </summary>
    public bool RefreshPatternTopics(Microsoft.Extensions.Logging.ILogger logger)
    {
        if (!Builder.HasPatternSources || TopicCreator is null) return false;
        lock (_patternLock)
        {
            var now = Environment.TickCount64;
            if (now < _nextPatternCheck) return false;
            _nextPatternCheck = now + (long)Config.TopicPatternRefreshInterval.TotalMilliseconds;
            var added = Builder.AddNewPatternTopics(TopicCreator.ExistingTopics(), Config.ApplicationId);
            foreach (var topic in added)
            {
                _partitions[topic] = TopicCreator.PartitionCount(topic) ?? 0;
                Microsoft.Extensions.Logging.LoggerExtensions.LogInformation(logger, "Pattern subscription: now reading {Topic} ({Partitions} partitions)", topic, _partitions[topic]);
            }
            if (added.Count == 0) return false;
            PatternTopicsVersion++;
            return true;
        }
    }

    /// <summary>The tasks of the global sub-topologies, run by the <see cref="GlobalStreamThread"/>.</summary>
    public IReadOnlyList<StreamTask> GlobalTasks { get; } = globalTasks;

    /// <summary>The global stores by name, as their global task writes them.</summary>
    public IReadOnlyDictionary<string, IStateStore> GlobalStores { get; } =
        globalTasks.SelectMany(t => t.Topology.Stores).ToDictionary(s => s.Name, StringComparer.Ordinal);

    /// <summary>The global stores as stream tasks see them: read-only views, safe to read while the global thread writes.</summary>
    public IReadOnlyDictionary<string, IStateStore> GlobalStoreViews { get; } = globalTasks.SelectMany(t => t.Topology.Stores)
        .ToDictionary(s => s.Name, s => s is IQueryableStore q ? q.ReadOnlyView() : s, StringComparer.Ordinal);
    public string ProcessId { get; } = processId;

    /// <summary>How long a thread waits for another owner (a thread, or an instance sharing the state directory) to let go of a task's directory.</summary>
    public TimeSpan StateDirLockTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The instance's metrics, registered on the <see cref="StreamsMetrics.MeterName"/> meter until disposed.</summary>
    public StreamsInstrumentation Instrumentation { get; } = new(config.ApplicationId);
    public bool ExactlyOnce => Config.ProcessingGuarantee == ProcessingGuarantee.ExactlyOnceV2;

    /// <summary>
    /// The membership channel (instance id, the other instances, standby tasks and the stream threads' claims),
    /// or null when neither standbys nor <see cref="StreamsConfig.ApplicationServer"/> need it. Set once, before the threads start.
    /// </summary>
    public Membership? Membership { get; private set; }

    public void AttachMembership(Membership membership)
    {
        if (Membership is not null) throw new InvalidOperationException("Membership is attached once.");
        Membership = membership;
        Instrumentation.ObserveStandbys(membership);
    }

    /// <summary>The internal topic holding input offsets committed in transactions (see <see cref="OffsetLog"/>).</summary>
    public string OffsetLogTopic => TopicNames.OffsetLog(Config.ApplicationId);

    /// <summary>The broker name of a topology topic (internal ones get the application id in front).</summary>
    public string Resolve(string topic) => topics.Resolve(topic);

    /// <summary>The topics the stream threads subscribe to.</summary>
    public IReadOnlyList<string> SourceTopics => TasksPerSubtopology.SelectMany(t => t.Sub.SourceTopics).Select(Resolve).Distinct().ToList();

    private int _disposed;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        Instrumentation.Dispose();
        ownedAdmin?.Dispose(); // the membership, if any, is its thread's to dispose when it ends
    }

    /// <summary>True when a sub-topology reads several topics, which must be assigned by partition number together.</summary>
    /// <remarks>A topology with pattern sources counts: its sources may come to read several topics.</remarks>
    public bool NeedsAlignedAssignment => Builder.HasPatternSources || TasksPerSubtopology.Any(t => t.Sub.SourceTopics.Count() > 1);
}
