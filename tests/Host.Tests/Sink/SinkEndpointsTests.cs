using System.Net;
using Pulse.Host.Tests.TestSupport;

namespace Pulse.Host.Tests.Sink;

/// <summary><c>pulse sink</c> serves /healthz, /readyz (consuming and PostgreSQL answering) and /metrics.</summary>
public sealed class SinkEndpointsTests(SinkFixture fixture) : IClassFixture<SinkFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public void Sink_AnswersHealthReadinessAndMetrics_OnceItConsumes()
    {
        var bed = fixture.NewBed(partitions: 3);
        using (var producer = new VitalsProducer(fixture.Kafka))
        {
            for (var i = 0; i < 50; i++) producer.Send(bed.Topics.Enriched, "p1", VitalRecords.Enriched("p1", VitalRecords.Start.AddSeconds(i)));
            producer.Flush();
        }
        using var sink = PulseProcess.Start(["sink", "--http", "http://127.0.0.1:0"], bed.Environment());
        Wait.Until(() => Http.ListenerAddress(sink.Stderr) is not null || sink.HasExited, Timeout, () => "the HTTP address in the log\n" + sink.Output());
        var address = Http.ListenerAddress(sink.Stderr) ?? throw new Xunit.Sdk.XunitException("The sink exited:\n" + sink.Output());

        Assert.Equal(HttpStatusCode.OK, Http.Get(address, "/healthz").Status);
        Wait.Until(() => Http.StatusOrNull(address, "/readyz") == HttpStatusCode.OK, Timeout, () => "/readyz to say ready\n" + sink.Output());
        Assert.Contains("sink: ready", Http.Get(address, "/readyz").Body, StringComparison.Ordinal);
        Wait.Until(() => Sql.Count(bed.ConnectionString, "readings") == 50, Timeout, sink.Output);
        Assert.Contains("pulse_sink", Http.Get(address, "/metrics").Body, StringComparison.Ordinal);
        sink.Terminate(Timeout);
    }
}
