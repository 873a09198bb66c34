using System.Text;
using Confluent.Kafka;
using Pulse.Host.Tests.TestSupport;
using pulse.vitals;

namespace Pulse.Host.Tests.Sink;

/// <summary>Records of each topic become the right rows, with the right values; absent values stay NULL.</summary>
public sealed class SinkTablesTests(SinkFixture fixture) : IClassFixture<SinkFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public void EnrichedReadings_BecomeReadingsRows_WithMissingVitalsNull()
    {
        var bed = fixture.NewBed();
        using var producer = new VitalsProducer(fixture.Kafka);
        var full = VitalRecords.Enriched("p1", VitalRecords.Start, news2: 5);
        var sparse = VitalRecords.Enriched(new VitalReading { patient_id = "p2", timestamp = VitalRecords.Start.AddMilliseconds(1), heart_rate = 130 }, news2: 2);
        producer.Send(bed.Topics.Enriched, "p1", full);
        producer.Send(bed.Topics.Enriched, "p2", sparse);
        producer.Flush();

        using var sink = new InProcessSink(bed.Settings());
        Wait.Until(() => Sql.CountOrMinusOne(bed.ConnectionString, "readings") == 2, Timeout, sink.Describe);

        var rows = Sql.Rows(bed.ConnectionString, "SELECT * FROM readings ORDER BY patient_id");
        var p1 = rows[0];
        Assert.Equal("p1", p1["patient_id"]);
        Assert.Equal(VitalRecords.Start, ((DateTime)p1["ts"]!).ToUniversalTime());
        Assert.Equal("monitor-1", p1["device_id"]);
        Assert.Equal((72, 97, 120, 80, 14), ((int)p1["heart_rate"]!, (int)p1["spo2"]!, (int)p1["systolic_bp"]!, (int)p1["diastolic_bp"]!, (int)p1["respiratory_rate"]!));
        Assert.Equal((36.8, 100.0), ((double)p1["temperature"]!, (double)p1["glucose"]!));
        Assert.Equal(("ALERT", false), ((string)p1["consciousness"]!, (bool)p1["on_oxygen"]!));
        Assert.Equal((51.5, -0.12), ((double)p1["latitude"]!, (double)p1["longitude"]!));
        Assert.Equal((5, "MEDIUM", "WARNING"), ((int)p1["news2_score"]!, (string)p1["news2_risk"]!, (string)p1["status"]!));

        var p2 = rows[1];
        Assert.Equal(130, p2["heart_rate"]);
        foreach (var column in new[] { "device_id", "spo2", "systolic_bp", "diastolic_bp", "respiratory_rate", "temperature", "glucose", "consciousness", "on_oxygen", "latitude", "longitude" })
            Assert.Null(p2[column]);
        Assert.Equal(VitalRecords.Start.AddMilliseconds(1), ((DateTime)p2["ts"]!).ToUniversalTime());
    }

    [Fact]
    public void VitalStats_BecomeOneRowPerPatientAndWindow_WithAbsentVitalsNull()
    {
        var bed = fixture.NewBed();
        using var producer = new VitalsProducer(fixture.Kafka);
        producer.Send(bed.Topics.Stats, "p1", VitalRecords.Stats("p1", VitalRecords.Start));
        producer.Send(bed.Topics.Stats, "p1", VitalRecords.Stats("p1", VitalRecords.Start.AddMinutes(1)));
        producer.Flush();

        using var sink = new InProcessSink(bed.Settings());
        Wait.Until(() => Sql.CountOrMinusOne(bed.ConnectionString, "vital_stats_1m") == 2, Timeout, sink.Describe);

        var row = Sql.Rows(bed.ConnectionString, "SELECT * FROM vital_stats_1m ORDER BY window_start")[0];
        Assert.Equal(VitalRecords.Start, ((DateTime)row["window_start"]!).ToUniversalTime());
        Assert.Equal(VitalRecords.Start.AddMinutes(1), ((DateTime)row["window_end"]!).ToUniversalTime());
        Assert.Equal(4, row["reading_count"]);
        Assert.Equal((70, 80, 74.5), ((int)row["heart_rate_min"]!, (int)row["heart_rate_max"]!, (double)row["heart_rate_mean"]!));
        Assert.Equal((95, 98, 96.25), ((int)row["spo2_min"]!, (int)row["spo2_max"]!, (double)row["spo2_mean"]!));
        foreach (var vital in new[] { "systolic_bp", "diastolic_bp", "respiratory_rate", "temperature", "glucose" })
            foreach (var figure in new[] { "_min", "_max", "_mean" })
                Assert.Null(row[vital + figure]);
        Assert.Equal(2, row["news2_max"]);
    }

    [Fact]
    public void AlertEvents_FromNotifyAndDispatch_BecomeOneRowPerEpisodeAndSequence()
    {
        var bed = fixture.NewBed();
        using var producer = new VitalsProducer(fixture.Kafka);
        var raised = VitalRecords.Alert("p1", AlertState.RAISED, VitalRecords.Start);
        var escalated = VitalRecords.Alert("p1", AlertState.ESCALATED, VitalRecords.Start.AddMinutes(2));
        escalated.trigger_values = new Dictionary<string, double> { ["news2"] = 8, ["heart_rate"] = 135 };
        var acknowledged = VitalRecords.Alert("p1", AlertState.ACKNOWLEDGED, VitalRecords.Start.AddMinutes(3));
        (acknowledged.acknowledged_by, acknowledged.acknowledged_at) = ("nurse.kim", VitalRecords.Start.AddMinutes(3));
        var resolved = VitalRecords.Alert("p1", AlertState.RESOLVED, VitalRecords.Start.AddMinutes(9));
        (resolved.news2_score, resolved.sequence) = (null, 4);
        producer.Send(bed.Topics.Notify, "p1", raised);
        producer.Send(bed.Topics.Dispatch, "p1", escalated);   // a critical event comes on both topics
        producer.Send(bed.Topics.Notify, "p1", escalated);
        producer.Send(bed.Topics.Notify, "p1", acknowledged);
        producer.Send(bed.Topics.Notify, "p1", resolved);
        producer.Flush();

        using var sink = new InProcessSink(bed.Settings());
        Wait.Until(() => sink.Metrics.RowsWritten + sink.Metrics.RowsAlreadyPresent == 5, Timeout, sink.Describe);

        var rows = Sql.Rows(bed.ConnectionString,
            "SELECT alert_id, episode_id, sequence, state, kind, patient_id, ts, rule, severity, news2_score, message, findings::text AS findings, " +
            "vitals::text AS vitals, acknowledged_by, acknowledged_at, details::text AS details FROM alerts ORDER BY sequence");
        Assert.Equal(["RAISED", "ESCALATED", "ACKNOWLEDGED", "RESOLVED"], rows.Select(r => (string)r["state"]!));
        Assert.Equal([0, 1, 3, 4], rows.Select(r => (int)r["sequence"]!));
        Assert.All(rows, r => Assert.Equal((raised.alert_id, raised.alert_id, "CLINICAL"), ((string)r["alert_id"]!, (string)r["episode_id"]!, (string)r["kind"]!)));
        Assert.Equal(("nurse.kim", VitalRecords.Start.AddMinutes(3)), ((string)rows[2]["acknowledged_by"]!, (DateTime)rows[2]["acknowledged_at"]!));
        Assert.Null(rows[0]["acknowledged_by"]);
        Assert.Equal(
            """[{"rule": "NEWS2", "since": "2026-11-23T07:59:45Z", "vital": null, "values": {"news2": 6}, "message": "NEWS2 6 (medium risk)", "severity": "WARNING", "confirmed_at": "2026-11-23T08:00:00Z"}]""",
            rows[0]["findings"]);
        Assert.Equal("""{"spo2": 93, "heart_rate": 118}""", rows[0]["vitals"]);
        Assert.Equal(("NEWS2", "CRITICAL", 6), ((string)rows[1]["rule"]!, (string)rows[1]["severity"]!, (int)rows[1]["news2_score"]!));
        Assert.Null(rows[3]["news2_score"]);
        Assert.Equal(escalated.message, rows[1]["message"]);
        Assert.Equal(
            """{"device_id": "monitor-1", "episode_start": "2026-11-23T08:00:00Z", "trigger_values": {"news2": 8, "heart_rate": 135}}""",
            rows[1]["details"]);
        Assert.Equal(1, sink.Metrics.RowsAlreadyPresent);   // the escalation, read twice, was kept once
    }

    [Fact]
    public void InvalidReadings_KeepReasonsSourcePatientAndPayload()
    {
        var bed = fixture.NewBed(partitions: 1);
        using var producer = new VitalsProducer(fixture.Kafka);
        var raw = VitalRecords.Reading("p7", VitalRecords.Start);
        raw.heart_rate = 400;
        var payload = producer.Serialize("vitals.raw", raw);
        producer.SendBytes(bed.Topics.Invalid, "p7", payload, TopologyHeaders(("pulse.invalid.reason", "heart_rate.out_of_range"), ("pulse.invalid.reason", "glucose.out_of_range"),
            ("__streams.errors.message", "heart_rate.out_of_range: heart_rate 400 is outside 1–299; glucose.out_of_range: …"),
            ("__streams.errors.topic", "vitals.raw"), ("__streams.errors.partition", "2"), ("__streams.errors.offset", "41")));
        var garbage = new byte[] { 0xde, 0xad, 0xbe, 0xef };
        producer.SendBytes(bed.Topics.Invalid, "p9", garbage);
        producer.Flush();

        using var sink = new InProcessSink(bed.Settings());
        Wait.Until(() => Sql.CountOrMinusOne(bed.ConnectionString, "invalid_readings") == 2, Timeout, sink.Describe);

        var rows = Sql.Rows(bed.ConnectionString, "SELECT * FROM invalid_readings ORDER BY source_topic DESC");
        var fromTopology = rows[0];
        Assert.Equal(("vitals.raw", 2, 41L), ((string)fromTopology["source_topic"]!, (int)fromTopology["source_partition"]!, (long)fromTopology["source_offset"]!));
        Assert.Equal("p7", fromTopology["patient_id"]);
        Assert.Equal(["heart_rate.out_of_range", "glucose.out_of_range"], (string[])fromTopology["reasons"]!);
        Assert.StartsWith("heart_rate.out_of_range: heart_rate 400", (string)fromTopology["message"]!, StringComparison.Ordinal);
        Assert.Equal(payload, (byte[])fromTopology["payload"]!);

        var bare = rows[1];
        Assert.Equal((bed.Topics.Invalid, 0, 1L), ((string)bare["source_topic"]!, (int)bare["source_partition"]!, (long)bare["source_offset"]!));
        Assert.Equal("p9", bare["patient_id"]);   // unreadable payload: the key
        Assert.Empty((string[])bare["reasons"]!);
        Assert.Null(bare["message"]);
        Assert.Equal(garbage, (byte[])bare["payload"]!);
    }

    [Fact]
    public void SinkOffsets_HoldTheNextOffsetOfEveryPartitionWritten()
    {
        var bed = fixture.NewBed(partitions: 3);
        using var producer = new VitalsProducer(fixture.Kafka);
        for (var i = 0; i < 300; i++)
            producer.Send(bed.Topics.Enriched, $"p{i % 17}", VitalRecords.Enriched($"p{i % 17}", VitalRecords.Start.AddSeconds(i)));
        producer.Flush();

        using var sink = new InProcessSink(bed.Settings());
        Wait.Until(() => bed.OffsetsCover(bed.Topics.Enriched, 300), Timeout, sink.Describe);

        Assert.Equal(300, Sql.Count(bed.ConnectionString, "readings"));
        var offsets = Sql.Rows(bed.ConnectionString, $"SELECT partition, next_offset FROM sink_offsets WHERE consumer_group = '{bed.GroupId}' ORDER BY partition");
        Assert.Equal(bed.EndOffsets(bed.Topics.Enriched), offsets.Select(r => (long)r["next_offset"]!));
    }

    [Fact]
    public void AReadingReadTwice_IsOneRow_InTheSameBatchOrALaterOne()
    {
        var bed = fixture.NewBed(partitions: 1);
        using var producer = new VitalsProducer(fixture.Kafka);
        var reading = VitalRecords.Enriched("p1", VitalRecords.Start);
        producer.Send(bed.Topics.Enriched, "p1", reading);
        producer.Send(bed.Topics.Enriched, "p1", reading);
        producer.Flush();
        using var sink = new InProcessSink(bed.Settings());
        Wait.Until(() => bed.OffsetsCover(bed.Topics.Enriched, 2), Timeout, sink.Describe);

        producer.Send(bed.Topics.Enriched, "p1", reading);
        producer.Send(bed.Topics.Enriched, "p2", VitalRecords.Enriched("p2", VitalRecords.Start));
        producer.Flush();
        Wait.Until(() => bed.OffsetsCover(bed.Topics.Enriched, 4), Timeout, sink.Describe);

        Assert.Equal(2, Sql.Count(bed.ConnectionString, "readings"));
        Wait.Until(() => sink.Metrics.RowsAlreadyPresent == 2, Timeout, sink.Describe);
        Assert.Equal(2, sink.Metrics.RowsWritten);
    }

    [Fact]
    public void ASubscribedTopicThatDoesNotExistYet_DoesNotStopTheSink()
    {
        var bed = fixture.NewBed();
        using var producer = new VitalsProducer(fixture.Kafka);
        producer.Send(bed.Topics.Enriched, "p1", VitalRecords.Enriched("p1", VitalRecords.Start));
        producer.Flush();

        using var sink = new InProcessSink(bed.Settings(new Dictionary<string, string?> { ["Vitals:Topics:Dispatch"] = bed.GroupId + ".not.created" }));
        Wait.Until(() => Sql.CountOrMinusOne(bed.ConnectionString, "readings") == 1, Timeout, sink.Describe);

        Assert.True(sink.Logged("Subscribed topic not available"), sink.Describe());
        Assert.Null(sink.Sink.Fault);
    }

    private static Headers TopologyHeaders(params (string Name, string Value)[] headers)
    {
        var result = new Headers();
        foreach (var (name, value) in headers) result.Add(name, Encoding.UTF8.GetBytes(value));
        return result;
    }
}
