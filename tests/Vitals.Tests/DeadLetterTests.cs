using Confluent.Kafka;
using pulse.vitals;
using Pulse.Schemas;
using Pulse.Streams.Errors;
using Pulse.Vitals;
using Pulse.Vitals.Clinical;
using Pulse.Vitals.Tests.TestSupport;

namespace Pulse.Vitals.Tests;

/// <summary>What a dead letter carries: the original record, byte for byte, and headers naming every reason and where it came from.</summary>
public class DeadLetterTests
{
    [Fact]
    public void UndeserializableBytes_AreDeadLetteredUnchanged_WithReasonPartitionAndOffset()
    {
        using var pipeline = new VitalsPipeline();
        pipeline.Pipe(Reading.Normal("p1", 0));
        pipeline.Pipe(Reading.Normal("p1", 1_000));
        byte[] garbage = [0x07, 0xFF, 0x00, 0x42, 0x13];
        var original = new Headers { { "trace-id", "abc"u8.ToArray() } };

        pipeline.RawBytes.PipeRawInput("p1"u8.ToArray(), garbage, DateTimeOffset.FromUnixTimeMilliseconds(2_000), original);

        Assert.Equal(2, pipeline.Enriched.ReadValuesToList().Count);
        var dead = Assert.Single(pipeline.Invalid.ReadRecordsToList());
        Assert.Equal(garbage, dead.Value);
        Assert.Equal("p1", dead.Key);
        Assert.Equal(2_000, dead.TimestampMs);
        var headers = dead.Headers;
        Assert.Equal("abc", headers.Text("trace-id"));
        Assert.Equal([InvalidReasonCodes.Undeserializable], headers.All(InvalidReadingHeaders.Reason));
        Assert.StartsWith("value.undeserializable: ", headers.Text(InvalidReadingHeaders.Message), StringComparison.Ordinal);
        Assert.Equal("vitals.raw", headers.Text(InvalidReadingHeaders.Topic));
        Assert.Equal("0", headers.Text(InvalidReadingHeaders.Partition));
        Assert.Equal("2", headers.Text(InvalidReadingHeaders.Offset));
        Assert.Equal(VitalsTopology.ValidateNode, headers.Text(InvalidReadingHeaders.ProcessorNode));
        Assert.Equal(typeof(AvroPayloadException).FullName, headers.Text(InvalidReadingHeaders.Exception));
        Assert.False(string.IsNullOrEmpty(headers.Text(InvalidReadingHeaders.StackTrace)));
    }

    [Fact]
    public void TruncatedReading_IsDeadLetteredByteForByte()
    {
        using var pipeline = new VitalsPipeline();
        var bytes = pipeline.Serialize(Reading.Normal("p1", 0));
        var truncated = bytes[..(bytes.Length / 2)];

        pipeline.RawBytes.PipeInput("p1", truncated, 0);

        var dead = Assert.Single(pipeline.Invalid.ReadRecordsToList());
        Assert.Equal(truncated, dead.Value);
        Assert.Equal([InvalidReasonCodes.Undeserializable], dead.Headers.All(InvalidReadingHeaders.Reason));
    }

    [Fact]
    public void RecordWithNoValue_IsDeadLetteredAsMissing()
    {
        using var pipeline = new VitalsPipeline();

        pipeline.RawBytes.PipeRawInput("p1"u8.ToArray(), null);

        var dead = Assert.Single(pipeline.Invalid.ReadRecordsToList());
        Assert.Null(dead.Value);
        Assert.Equal([InvalidReasonCodes.MissingValue], dead.Headers.All(InvalidReadingHeaders.Reason));
        Assert.Null(dead.Headers.Text(InvalidReadingHeaders.Exception));
    }

    [Fact]
    public void InvalidReading_KeepsItsKeyTimestampAndHeaders_AndNamesNoException()
    {
        using var pipeline = new VitalsPipeline();
        var reading = Reading.Of("p7", 5_000, hr: 300);
        var bytes = pipeline.Serialize(reading);

        pipeline.RawBytes.PipeInput(new Pulse.Streams.Testing.TestRecord<string, byte[]>("p7", bytes,
            DateTimeOffset.FromUnixTimeMilliseconds(9_999), new Headers { { "source", "icu-3"u8.ToArray() } }));

        var dead = Assert.Single(pipeline.Invalid.ReadRecordsToList());
        Assert.Equal(bytes, dead.Value);
        Assert.Equal("p7", dead.Key);
        Assert.Equal(9_999, dead.TimestampMs);
        Assert.Equal("icu-3", dead.Headers.Text("source"));
        Assert.Equal("0", dead.Headers.Text(InvalidReadingHeaders.Offset));
        Assert.Null(dead.Headers.Text(InvalidReadingHeaders.Exception));
        Assert.Null(dead.Headers.Text(DeadLetterHeaders.StackTrace));
    }

    [Fact]
    public void EveryRecord_IsEnrichedOrDeadLettered_NothingIsDropped()
    {
        using var pipeline = new VitalsPipeline();
        var random = new Random(7);
        var piped = 0;
        for (var i = 0; i < 500; i++, piped++)
        {
            var reading = Reading.Normal("p" + (i % 5), 1_700_000_000_000 + i * 1_000L);
            switch (random.Next(5))
            {
                case 0: reading.heart_rate = 500; break;
                case 1: pipeline.RawBytes.PipeInput(reading.patient_id, [1, 2, 3], 1_700_000_000_000 + i * 1_000L); continue;
                case 2: reading.timestamp = reading.timestamp.AddMinutes(-30); break; // very late: still enriched
            }
            pipeline.Pipe(reading);
        }

        Assert.Equal(piped, pipeline.Enriched.QueueSize + pipeline.Invalid.QueueSize);
    }

    [Fact]
    public void OneMebibyteOfGarbage_IsDeadLetteredCutToTheLimit_WithItsSizeAndHash()
    {
        using var pipeline = new VitalsPipeline();
        var garbage = new byte[1024 * 1024];
        new Random(7).NextBytes(garbage);

        pipeline.RawBytes.PipeInput("p1", garbage, 0);
        pipeline.Pipe(Reading.Normal("p1", 1_000));

        var dead = Assert.Single(pipeline.Invalid.ReadRecordsToList());
        var limit = pipeline.Options.DeadLetters.MaxPayloadBytes;
        Assert.Equal(garbage[..limit], dead.Value);
        Assert.Equal("true", dead.Headers.Text(DeadLetterHeaders.PayloadTruncated));
        Assert.Equal("1048576", dead.Headers.Text(DeadLetterHeaders.PayloadSize));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(garbage)), dead.Headers.Text(DeadLetterHeaders.PayloadSha256));
        Assert.Equal([InvalidReasonCodes.Undeserializable], dead.Headers.All(InvalidReadingHeaders.Reason));
        Assert.Single(pipeline.Enriched.ReadValuesToList());
    }

    [Fact]
    public void PatientIdOfTenKilobytes_IsDeadLetteredAsTooLong_WithoutCarryingTheIdInTheReason()
    {
        using var pipeline = new VitalsPipeline();
        var id = new string('x', 10_240);

        pipeline.Pipe(Reading.Normal(id, 0));

        var dead = Assert.Single(pipeline.Invalid.ReadRecordsToList());
        Assert.Equal([InvalidReasonCodes.PatientIdTooLong], dead.Headers.All(InvalidReadingHeaders.Reason));
        Assert.True(dead.Headers.Text(InvalidReadingHeaders.Message)!.Length < 200);
    }
}
