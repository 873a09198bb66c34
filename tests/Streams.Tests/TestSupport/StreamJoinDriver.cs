using Pulse.Streams.Dsl;
using Pulse.Streams.Serialization;
using Pulse.Streams.Testing;

namespace Pulse.Streams.Tests.TestSupport;

/// <summary>
/// A stream–stream join of topics <c>left</c> and <c>right</c> (string keys and values) written to <c>out</c>, through a
/// <see cref="TopologyTestDriver"/>; records are piped with timestamps in ms and read back as "key:value@timestamp".
/// </summary>
internal sealed class StreamJoinDriver : IDisposable
{
    public StreamJoinDriver(Func<IKStream<string, string>, IKStream<string, string>, IKStream<string, string>> join)
    {
        var builder = new StreamsBuilder();
        var left = builder.Stream("left", Consumed.With(Serdes.String, Serdes.String));
        var right = builder.Stream("right", Consumed.With(Serdes.String, Serdes.String));
        join(left, right).To("out", Produced.With(Serdes.String, Serdes.String));
        Topology = builder.Build();
        Driver = new TopologyTestDriver(Topology);
        Left = Driver.CreateInputTopic("left", Serdes.String, Serdes.String);
        Right = Driver.CreateInputTopic("right", Serdes.String, Serdes.String);
        Output = Driver.CreateOutputTopic("out", Serdes.String, Serdes.String);
    }

    public Topology Topology { get; }
    public TopologyTestDriver Driver { get; }
    public TestInputTopic<string, string> Left { get; }
    public TestInputTopic<string, string> Right { get; }
    public TestOutputTopic<string, string> Output { get; }

    /// <summary>A joiner that shows both sides, a missing one as "null".</summary>
    public static string Pair(string? left, string? right) => $"{left ?? "null"}+{right ?? "null"}";

    /// <summary>Everything written to <c>out</c> since the last read, as "key:value@timestamp".</summary>
    public List<string> Read() => Output.ReadRecordsToList().Select(r => $"{r.Key}:{r.Value}@{r.TimestampMs}").ToList();

    public void Dispose() => Driver.Dispose();
}
