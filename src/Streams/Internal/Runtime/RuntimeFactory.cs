using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Pulse.Streams.Internal.Kafka;
using Pulse.Streams.Internal.Runtime.Standby;

namespace Pulse.Streams.Internal.Runtime;

/// <summary>Plans an instance before its threads start: partition counts, internal topics, the offset log, the membership channel.</summary>
internal static class RuntimeFactory
{
    public static RuntimeContext Create(Topology topology, StreamsConfig config, string processId, TimeSpan stateDirLockTimeout)
    {
        var builder = topology.Builder;
        IAdminClient? admin = null;
        var creator = config.TopicCreator;
        if (creator is null)
        {
            var adminConfig = new AdminClientConfig(config.Admin.ToDictionary(kv => kv.Key, kv => kv.Value));
            adminConfig.BootstrapServers ??= config.BootstrapServers;
            admin = new AdminClientBuilder(adminConfig).LogTo(config.LoggerFactory.CreateLogger(KafkaClientLogging.Category)).Build();
            creator = new AdminTopicCreator(admin, config.ReplicationFactor, TimeSpan.FromSeconds(30));
        }
        try
        {
            if (builder.HasPatternSources) builder.ResolvePatterns(creator.ExistingTopics(), config.ApplicationId);
            var subtopologies = builder.Subtopologies();
            var topics = new InternalTopicManager(builder, config.ApplicationId, config.InternalTopicConfigs);
            var (tasks, partitions) = topics.Prepare(creator);
            if (config.ProcessingGuarantee == ProcessingGuarantee.ExactlyOnceV2)
                creator.CreateTopic(TopicNames.OffsetLog(config.ApplicationId), 1, new Dictionary<string, string> { ["cleanup.policy"] = "compact" });
            if (Membership.IsEnabled(config))
                creator.CreateTopic(Membership.TopicOf(config.ApplicationId), 1, new Dictionary<string, string> { ["cleanup.policy"] = "compact" });
            var plan = subtopologies.Where(s => !s.IsGlobal).Select(s => (s, tasks[s.Id])).ToList();
            var globalTasks = GlobalStreamThread.CreateTasks(builder, subtopologies.Where(s => s.IsGlobal), config, partitions, topics.Resolve);
            var runtime = new RuntimeContext(config, builder, topics, plan, partitions, globalTasks, processId, admin)
            {
                TopicCreator = creator,
                StateDirLockTimeout = stateDirLockTimeout,
            };
            if (Membership.IsEnabled(config)) runtime.AttachMembership(new Membership(runtime, config.LoggerFactory.CreateLogger("Pulse.Streams.Membership")));
            return runtime;
        }
        catch
        {
            admin?.Dispose();
            throw;
        }
    }
}
