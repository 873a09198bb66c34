using Microsoft.Extensions.Time.Testing;
using pulse.vitals;
using Pulse.Host.Simulator.Internal;
using Pulse.Host.Simulator.Internal.Csv;
using Pulse.Host.Tests.TestSupport;

namespace Pulse.Host.Tests.Simulator;

public class CsvReadingSourceTests
{
    private static readonly DateTime Eight = new(2026, 11, 23, 8, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void EveryColumn_IsReadIntoTheReading()
    {
        var item = Assert.Single(Read("""
            patient_id,timestamp,device_id,heart_rate,spo2,systolic_bp,diastolic_bp,respiratory_rate,temperature,glucose,consciousness,on_oxygen,latitude,longitude
            P-0001,2026-11-23T08:00:00Z,MON-7,72,97,121,79,14,36.8,101.5,ALERT,false,51.5074,-0.1278
            """));

        var r = Assert.IsType<VitalReading>(item.Reading);
        Assert.Equal("P-0001", r.patient_id);
        Assert.Equal(Eight, r.timestamp);
        Assert.Equal("MON-7", r.device_id);
        Assert.Equal(72, r.heart_rate);
        Assert.Equal(97, r.spo2);
        Assert.Equal(121, r.systolic_bp);
        Assert.Equal(79, r.diastolic_bp);
        Assert.Equal(14, r.respiratory_rate);
        Assert.Equal(36.8, r.temperature);
        Assert.Equal(101.5, r.glucose);
        Assert.Equal(Consciousness.ALERT, r.consciousness);
        Assert.False(r.on_oxygen);
        Assert.Equal(51.5074, r.latitude);
        Assert.Equal(-0.1278, r.longitude);
    }

    [Fact]
    public void Columns_ComeInAnyOrderAndCase_WithTheBloodPressureAliases()
    {
        var item = Assert.Single(Read("""
            LONGITUDE, Systolic ,DIASTOLIC,Temperature,On_Oxygen,SpO2,Patient_ID,Heart_Rate,TIMESTAMP,Consciousness,Respiratory_Rate,Glucose,Latitude,Device_Id
            -0.12,135,85,37.4,1,93,P-0002,101,1795420800000,c,22,150,51.5,MON-9
            """));

        var r = item.Reading!;
        Assert.Equal("P-0002", r.patient_id);
        Assert.Equal(Eight, r.timestamp);
        Assert.Equal(135, r.systolic_bp);
        Assert.Equal(85, r.diastolic_bp);
        Assert.Equal(37.4, r.temperature);
        Assert.True(r.on_oxygen);
        Assert.Equal(93, r.spo2);
        Assert.Equal(101, r.heart_rate);
        Assert.Equal(Consciousness.CONFUSION, r.consciousness);
        Assert.Equal(22, r.respiratory_rate);
        Assert.Equal(150.0, r.glucose);
        Assert.Equal(51.5, r.latitude);
        Assert.Equal(-0.12, r.longitude);
        Assert.Equal("MON-9", r.device_id);
    }

    [Fact]
    public void EmptyCells_AreNull()
    {
        var item = Assert.Single(Read("""
            patient_id,timestamp,device_id,heart_rate,spo2,systolic_bp,diastolic_bp,respiratory_rate,temperature,glucose,consciousness,on_oxygen,latitude,longitude
            P-0003,2026-11-23T08:00:00Z,,88,, ,,,,,,,,
            """));

        var r = item.Reading!;
        Assert.Equal(88, r.heart_rate);
        Assert.Null(r.device_id);
        Assert.Null(r.spo2);
        Assert.Null(r.systolic_bp);
        Assert.Null(r.diastolic_bp);
        Assert.Null(r.respiratory_rate);
        Assert.Null(r.temperature);
        Assert.Null(r.glucose);
        Assert.Null(r.consciousness);
        Assert.Null(r.on_oxygen);
        Assert.Null(r.latitude);
        Assert.Null(r.longitude);
    }

    [Fact]
    public void ConsciousnessAndOnOxygen_TakeEveryDocumentedSpelling()
    {
        var readings = Read("""
            patient_id,timestamp,consciousness,on_oxygen
            P,2026-11-23T08:00:00Z,A,true
            P,2026-11-23T08:00:01Z,C,false
            P,2026-11-23T08:00:02Z,v,1
            P,2026-11-23T08:00:03Z,P,0
            P,2026-11-23T08:00:04Z,U,TRUE
            P,2026-11-23T08:00:05Z,alert,False
            P,2026-11-23T08:00:06Z,CONFUSION,
            P,2026-11-23T08:00:07Z,Voice,
            P,2026-11-23T08:00:08Z,pain,
            P,2026-11-23T08:00:09Z,UNRESPONSIVE,
            """).Select(i => i.Reading!).ToList();

        Assert.Equal(
            [Consciousness.ALERT, Consciousness.CONFUSION, Consciousness.VOICE, Consciousness.PAIN, Consciousness.UNRESPONSIVE,
             Consciousness.ALERT, Consciousness.CONFUSION, Consciousness.VOICE, Consciousness.PAIN, Consciousness.UNRESPONSIVE],
            readings.Select(r => r.consciousness!.Value));
        Assert.Equal([true, false, true, false, true, false, null, null, null, null], readings.Select(r => r.on_oxygen));
    }

    [Fact]
    public void Timestamps_InOneFile_MayBeIso8601WithAnyOffsetOrEpochMilliseconds()
    {
        var readings = Read("""
            patient_id,timestamp,heart_rate
            P,2026-11-23T08:00:00Z,70
            P,2026-11-23T09:00:01+01:00,71
            P,1795420802000,72
            P,2026-11-23T08:00:03.125Z,73
            """).Select(i => i.Reading!).ToList();

        Assert.Equal([Eight, Eight.AddSeconds(1), Eight.AddSeconds(2), Eight.AddSeconds(3.125)], readings.Select(r => r.timestamp));
        Assert.All(readings, r => Assert.Equal(DateTimeKind.Utc, r.timestamp.Kind));
    }

    [Fact]
    public void WithoutATimestampColumn_ReadingsAreStampedNow_OneMillisecondApart()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(Eight.AddTicks(1234), TimeSpan.Zero));
        using var source = CsvReadingSource.FromText("""
            patient_id,heart_rate
            P-1,70
            P-2,71
            P-1,oops
            P-3,72
            P-1,73
            """, time);
        var items = source.Items().GetEnumerator();

        var stamps = new List<DateTime>();
        for (var i = 0; i < 4; i++)
        {
            Assert.True(items.MoveNext());
            if (items.Current.Reading is { } r) stamps.Add(r.timestamp);
        }
        time.Advance(TimeSpan.FromSeconds(1)); // a paced replay: the clock moves on between rows
        Assert.True(items.MoveNext());
        stamps.Add(items.Current.Reading!.timestamp);

        // The rejected row took no millisecond; sub-millisecond ticks are dropped, as the schema would.
        Assert.Equal([Eight, Eight.AddMilliseconds(1), Eight.AddMilliseconds(2), Eight.AddSeconds(1)], stamps);
        Assert.False(source.Columns.Has(CsvField.Timestamp));
    }

    [Fact]
    public void UnreadableRows_AreReportedWithTheirLineColumnAndValue_AndTheRestAreRead()
    {
        var items = Read("""
            patient_id,timestamp,Heart_Rate,spo2,consciousness,on_oxygen
            P-1,2026-11-23T08:00:00Z,70,97,A,0

            P-1,2026-11-23T08:00:01Z,fast,97,A,0
            P-1,2026-11-23T08:00:02Z,72,97,drowsy,maybe
            P-1,2026-11-23T08:00:03,73,97,A,0
            P-1,,74,97,A,0
            P-1,2026-11-23T08:00:05Z,75,97,A
            P-1,2026-11-23T08:00:06Z,76,97,A,0
            """);

        Assert.Equal([70, 76], items.Where(i => i.Reading is not null).Select(i => i.Reading!.heart_rate!.Value));
        var rejected = items.Where(i => i.Rejected is not null).Select(i => i.Rejected!.ToString()).ToList();
        Assert.Equal(
            [
                "line 4: column Heart_Rate: 'fast' is not a whole number",
                "line 5: column consciousness: 'drowsy' is not ALERT, CONFUSION, VOICE, PAIN, UNRESPONSIVE or A, C, V, P, U; column on_oxygen: 'maybe' is not true, false, 1 or 0",
                "line 6: column timestamp: '2026-11-23T08:00:03' is not an ISO-8601 time with a UTC offset (like 2026-11-23T08:00:00Z) or epoch milliseconds",
                "line 7: column timestamp: empty (a timestamp column needs a value in every row)",
                "line 8: 5 cells, but the header has 6 columns",
            ],
            rejected);
    }

    [Fact]
    public void Rows_ComeOutInFileOrder_WithRejectionsInTheirPlace()
    {
        var items = Read("""
            patient_id,timestamp,heart_rate
            P-1,2026-11-23T08:00:00Z,70
            P-1,2026-11-23T08:00:01Z,x
            P-2,2026-11-23T08:00:02Z,72
            """);

        Assert.Equal(["P-1:70", "line 3", "P-2:72"], items.Select(i => i.Reading is { } r ? $"{r.patient_id}:{r.heart_rate}" : $"line {i.Rejected!.Line}"));
    }

    [Fact]
    public void BrokenQuoting_RejectsTheRowWithItsLine_AndReadingGoesOn()
    {
        var items = Read("""
            patient_id,timestamp,device_id,heart_rate
            P-1,2026-11-23T08:00:00Z,"MON, bed 4",70
            P-1,2026-11-23T08:00:01Z,"MON" 4,71
            P-1,2026-11-23T08:00:02Z,MON,72
            """);

        Assert.Equal("MON, bed 4", items[0].Reading!.device_id);
        Assert.Equal(3, items[1].Rejected!.Line);
        Assert.Contains("closing quote", items[1].Rejected!.Problems[0], StringComparison.Ordinal);
        Assert.Equal(72, items[2].Reading!.heart_rate);
    }

    [Fact]
    public void OutOfRangeValues_ArePublishedAsTheyAre_ForTheTopologyToDeadLetter()
    {
        var r = Assert.Single(Read("""
            patient_id,timestamp,heart_rate,spo2,systolic_bp,diastolic_bp,respiratory_rate,temperature,glucose,latitude
            ,2026-11-23T08:00:00Z,0,150,80,120,-3,5.5,4000,200
            """)).Reading!;

        Assert.Equal("", r.patient_id);
        Assert.Equal(0, r.heart_rate);
        Assert.Equal(150, r.spo2);
        Assert.Equal(80, r.systolic_bp);
        Assert.Equal(120, r.diastolic_bp);
        Assert.Equal(-3, r.respiratory_rate);
        Assert.Equal(5.5, r.temperature);
        Assert.Equal(4000.0, r.glucose);
        Assert.Equal(200.0, r.latitude);
        Assert.False(News2.IsValid(r));
    }

    [Fact]
    public void Progress_RunsToTheEndOfTheFile()
    {
        using var source = CsvReadingSource.FromText("patient_id,heart_rate\nP,1\nP,2\nP,3\n", TimeProvider.System);
        var items = source.Items().GetEnumerator();
        Assert.True(items.MoveNext());
        Assert.InRange(source.Progress!.Value, 0.1, 0.9);
        while (items.MoveNext())
        {
        }
        Assert.Equal(1.0, source.Progress);
    }

    [Fact]
    public void FileOnDisk_IsReadWithItsByteOrderMark()
    {
        var path = Path.Combine(Path.GetTempPath(), $"pulse-sim-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "patient_id,timestamp,heart_rate\r\nP-9,2026-11-23T08:00:00Z,70\r\n", new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        try
        {
            using var source = CsvReadingSource.Open(path, TimeProvider.System);
            var r = Assert.Single(source.Items()).Reading!;
            Assert.Equal(("P-9", 70), (r.patient_id, r.heart_rate!.Value));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static List<SourceItem> Read(string csv)
    {
        using var source = CsvReadingSource.FromText(csv, TimeProvider.System);
        return [.. source.Items()];
    }
}
