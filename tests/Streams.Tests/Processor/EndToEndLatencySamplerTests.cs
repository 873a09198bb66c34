using Confluent.Kafka;
using Microsoft.Extensions.Time.Testing;
using Pulse.Streams.Internal.Processor;
using Pulse.Streams.Internal.State;
using Pulse.Streams.Tests.TestSupport;

namespace Pulse.Streams.Tests.Processor;

public class EndToEndLatencySamplerTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private sealed class NullSink : IRecordSink
    {
        public int? PartitionsFor(string topic) => 1;
        public void Send(string topic, int? partition, byte[]? key, byte[]? value, Headers? headers, long timestamp) { }
        public void Flush() { }
    }

    private static (EndToEndLatencySampler Sampler, FakeTimeProvider Time) Sampler(string applicationId)
    {
        var time = new FakeTimeProvider(Now);
        var context = new TaskContext(new StreamsConfig { ApplicationId = applicationId, TimeProvider = time }, new TaskId(0, 1), new NullSink(), new ThreadCache(0));
        return (new EndToEndLatencySampler(context), time);
    }

    [Fact]
    public void QuietSink_EveryRecordIsMeasured_AsWallClockMinusTimestamp()
    {
        using var capture = new MetricsCapture("sampler-quiet");
        var (sampler, time) = Sampler("sampler-quiet");
        for (var i = 0; i < 20; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(50));
            sampler.OnSend("out", time.GetUtcNow().ToUnixTimeMilliseconds() - 7);
        }
        var recorded = capture.Recorded(StreamsMetrics.EndToEndLatency);
        Assert.Equal(20, recorded.Count);
        Assert.All(recorded, m =>
        {
            Assert.Equal(7, m.Value);
            Assert.Equal("0_1", m.Tags[StreamsMetrics.Tags.Task]);
            Assert.Equal("out", m.Tags[StreamsMetrics.Tags.Topic]);
        });
    }

    [Fact]
    public void BusySink_SamplesAtMostOneRecordIn1024_AndFutureTimestampsCountAsZero()
    {
        using var capture = new MetricsCapture("sampler-busy");
        var (sampler, time) = Sampler("sampler-busy");
        var future = time.GetUtcNow().ToUnixTimeMilliseconds() + 1_000;
        for (var i = 0; i < 100_000; i++) sampler.OnSend("out", future); // the clock stands still: a burst
        var recorded = capture.Recorded(StreamsMetrics.EndToEndLatency);
        Assert.InRange(recorded.Count, 100_000 / 1_024, 100_000 / 1_024 + 11); // strides 1, 2, 4, … 1,024, then 1,024
        Assert.All(recorded, m => Assert.Equal(0, m.Value));
    }
}
