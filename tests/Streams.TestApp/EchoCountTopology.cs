using Pulse.Streams.Dsl;
using Pulse.Streams.Serialization;

namespace Pulse.Streams.TestApp;

/// <summary>
/// The topology the process tests check: every input record is echoed to <see cref="EchoTopic"/>
/// as <c>"&lt;instance&gt;|&lt;value&gt;"</c> (so a test sees which process handled it), and counted per
/// key in the RocksDB store <see cref="StoreName"/>, whose changes go to <see cref="CountsTopic"/>.
/// </summary>
internal static class EchoCountTopology
{
    public const string InputTopic = "ids";
    public const string EchoTopic = "echo";
    public const string CountsTopic = "counts";
    public const string StoreName = "counts";

    /// <summary>The internal topics the runtime needs for <paramref name="applicationId"/>; the tests create them first.</summary>
    public static string ChangelogTopic(string applicationId) => $"{applicationId}-{StoreName}-changelog";

    public static Topology Build(string instanceId)
    {
        var builder = new StreamsBuilder();
        var ids = builder.Stream(InputTopic, Consumed.With(Serdes.String, Serdes.String));
        ids.MapValues(v => $"{instanceId}|{v}").To(EchoTopic, Produced.With(Serdes.String, Serdes.String));
        ids.GroupByKey()
            .Count(Materialized.As<string, long>(StoreName).WithStoreType(StoreType.RocksDb))
            .ToStream()
            .To(CountsTopic, Produced.With(Serdes.String, Serdes.Int64));
        return builder.Build();
    }
}
