using Pulse.Streams.Dsl;
using Pulse.Streams.Errors;
using Pulse.Streams.Testing;
using Pulse.Streams.Tests.TestSupport;
using Pulse.Streams.Serialization;

namespace Pulse.Streams.Tests.Errors;

public class ErrorHandlerTests
{
    private static readonly byte[] BadInt = [1, 2, 3];

    private static StreamsConfig Config(ErrorHandlerResponse response, string? deadLetters = null)
    {
        IDeserializationExceptionHandler handler = response == ErrorHandlerResponse.Continue
            ? new LogAndContinueExceptionHandler()
            : new LogAndFailExceptionHandler();
        return new StreamsConfig
        {
            ApplicationId = "app",
            DeserializationExceptionHandler = handler,
            ProcessingExceptionHandler = (IProcessingExceptionHandler)handler,
            ProductionExceptionHandler = (IProductionExceptionHandler)handler,
            DeadLetterQueueTopic = deadLetters,
        };
    }

    private static TopologyTestDriver IntPassThrough(StreamsConfig? config)
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.Int32)).To("out");
        return new TopologyTestDriver(builder.Build(), config);
    }

    // --- deserialization ---

    [Fact]
    public void DeserializationError_ByDefault_ThrowsStreamsExceptionNamingTopicPartitionOffset()
    {
        using var driver = IntPassThrough(null);
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.Int32);
        input.PipeInput("good", 1, Timestamps.T0);

        var ex = Assert.Throws<StreamsException>(() => input.PipeRawInput("k"u8.ToArray(), BadInt, Timestamps.T0));

        Assert.Contains("topic=in", ex.Message, StringComparison.Ordinal);
        Assert.Contains("partition=0", ex.Message, StringComparison.Ordinal);
        Assert.Contains("offset=1", ex.Message, StringComparison.Ordinal);
        Assert.NotNull(ex.InnerException);
    }

    [Fact]
    public void DeserializationError_LogAndContinue_SkipsRecordAndCountsIt()
    {
        using var driver = IntPassThrough(Config(ErrorHandlerResponse.Continue));
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.Int32);
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.Int32);

        input.PipeInput("a", 1, Timestamps.T0);
        input.PipeRawInput("b"u8.ToArray(), BadInt, Timestamps.T0);
        input.PipeInput("c", 3, Timestamps.T0);

        Assert.Equal([new("a", 1), new KeyValue<string, int>("c", 3)], output.ReadKeyValuesToList());
        Assert.Equal(1, driver.Metrics.DroppedRecords);
        Assert.Equal(0, driver.Metrics.DeadLetters);
        Assert.DoesNotContain("dlq", driver.ProducedTopicNames);
    }

    [Fact]
    public void DeserializationError_WithDeadLetterTopic_SendsOriginalBytesWithErrorHeaders()
    {
        using var driver = IntPassThrough(Config(ErrorHandlerResponse.Continue, "dlq"));
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.Int32);
        input.PipeInput("a", 1, Timestamps.T0);

        input.PipeRawInput("b"u8.ToArray(), BadInt, Timestamps.T0.AddSeconds(1), TestHeaders.Of(("origin", "test")));

        var dead = driver.CreateOutputTopic("dlq", Serdes.ByteArray, Serdes.ByteArray).ReadRecord();
        Assert.Equal("b"u8.ToArray(), dead.Key);
        Assert.Equal(BadInt, dead.Value);
        Assert.Equal(Timestamps.T0.AddSeconds(1), dead.Timestamp);
        Assert.Equal("test", dead.Headers.Text("origin"));
        Assert.Equal("in", dead.Headers.Text(DeadLetterHeaders.Topic));
        Assert.Equal("0", dead.Headers.Text(DeadLetterHeaders.Partition));
        Assert.Equal("1", dead.Headers.Text(DeadLetterHeaders.Offset));
        Assert.False(string.IsNullOrEmpty(dead.Headers.Text(DeadLetterHeaders.Exception)));
        Assert.False(string.IsNullOrEmpty(dead.Headers.Text(DeadLetterHeaders.Message)));
        Assert.Equal(1, driver.Metrics.DeadLetters);
        Assert.Equal(1, driver.Metrics.DroppedRecords);
    }

    [Fact]
    public void DeserializationError_Fail_WithDeadLetterTopic_ThrowsAndSendsNothing()
    {
        using var driver = IntPassThrough(Config(ErrorHandlerResponse.Fail, "dlq"));
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.Int32);

        Assert.Throws<StreamsException>(() => input.PipeRawInput("b"u8.ToArray(), BadInt, Timestamps.T0));

        Assert.DoesNotContain("dlq", driver.ProducedTopicNames);
    }

    // --- processing ---

    private static TopologyTestDriver ThrowingMapValues(StreamsConfig? config)
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.String))
            .MapValues(v => v == "boom" ? throw new InvalidOperationException("mapper exploded") : v.ToUpperInvariant(), Named.As("upper"))
            .To("out", Produced.With(Serdes.String, Serdes.String));
        return new TopologyTestDriver(builder.Build(), config);
    }

    [Fact]
    public void ProcessingError_ByDefault_ThrowsStreamsExceptionNamingNodeTopicPartitionOffset()
    {
        using var driver = ThrowingMapValues(null);
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);

        var ex = Assert.Throws<StreamsException>(() => input.PipeInput("k", "boom", Timestamps.T0));

        Assert.Contains("processor=upper", ex.Message, StringComparison.Ordinal);
        Assert.Contains("topic=in", ex.Message, StringComparison.Ordinal);
        Assert.Contains("partition=0", ex.Message, StringComparison.Ordinal);
        Assert.Contains("offset=0", ex.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidOperationException>(ex.InnerException);
    }

    [Fact]
    public void ProcessingError_LogAndContinue_DropsRecordAndGoesOn()
    {
        using var driver = ThrowingMapValues(Config(ErrorHandlerResponse.Continue));
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.String);

        input.PipeInput("a", "x", Timestamps.T0);
        input.PipeInput("b", "boom", Timestamps.T0);
        input.PipeInput("c", "y", Timestamps.T0);

        Assert.Equal(["X", "Y"], output.ReadValuesToList());
        Assert.Equal(1, driver.Metrics.DroppedRecords);
    }

    [Fact]
    public void ProcessingError_WithDeadLetterTopic_SendsSourceRecordWithErrorHeaders()
    {
        using var driver = ThrowingMapValues(Config(ErrorHandlerResponse.Continue, "dlq"));
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);
        input.PipeInput("a", "x", Timestamps.T0);

        input.PipeInput("b", "boom", Timestamps.T0);

        var dead = driver.CreateOutputTopic("dlq", Serdes.String, Serdes.String).ReadRecord();
        Assert.Equal(("b", "boom"), (dead.Key, dead.Value));
        Assert.Equal(typeof(InvalidOperationException).FullName, dead.Headers.Text(DeadLetterHeaders.Exception));
        Assert.Equal("mapper exploded", dead.Headers.Text(DeadLetterHeaders.Message));
        Assert.Equal("in", dead.Headers.Text(DeadLetterHeaders.Topic));
        Assert.Equal("0", dead.Headers.Text(DeadLetterHeaders.Partition));
        Assert.Equal("1", dead.Headers.Text(DeadLetterHeaders.Offset));
        Assert.Equal("upper", dead.Headers.Text(DeadLetterHeaders.ProcessorNode));
        Assert.Equal(1, driver.Metrics.DeadLetters);
    }

    [Fact]
    public void ProcessingError_AfterRepartition_DeadLettersTheRecordAsReadFromRepartitionTopic()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.String))
            .Repartition(new Repartitioned<string, string>(Name: "r"))
            .Peek((_, v) => { if (v == "boom") throw new InvalidOperationException("late failure"); })
            .To("out");
        using var driver = new TopologyTestDriver(builder.Build(), Config(ErrorHandlerResponse.Continue, "dlq"));

        driver.CreateInputTopic("in", Serdes.String, Serdes.String).PipeInput("k", "boom", Timestamps.T0);

        var dead = driver.CreateOutputTopic("dlq", Serdes.String, Serdes.String).ReadRecord();
        Assert.Equal("boom", dead.Value);
        Assert.Equal("app-r-repartition", dead.Headers.Text(DeadLetterHeaders.Topic));
    }

    // --- production ---

    private static TopologyTestDriver ThrowingSerializer(StreamsConfig? config)
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.String))
            .To("out", Produced.With(Serdes.String, FailingSerde.StringFailingOn("poison")).WithName("sink"));
        return new TopologyTestDriver(builder.Build(), config);
    }

    [Fact]
    public void ProductionError_ByDefault_ThrowsStreamsExceptionNamingTopics()
    {
        using var driver = ThrowingSerializer(null);
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);

        var ex = Assert.Throws<StreamsException>(() => input.PipeInput("k", "poison", Timestamps.T0));

        Assert.Contains("'out'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("topic=in", ex.Message, StringComparison.Ordinal);
        Assert.Contains("offset=0", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ProductionError_LogAndContinue_SkipsRecordAndGoesOn()
    {
        using var driver = ThrowingSerializer(Config(ErrorHandlerResponse.Continue));
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.String);

        input.PipeInput("a", "ok", Timestamps.T0);
        input.PipeInput("b", "poison", Timestamps.T0);
        input.PipeInput("c", "fine", Timestamps.T0);

        Assert.Equal(["ok", "fine"], output.ReadValuesToList());
        Assert.Equal(1, driver.Metrics.DroppedRecords);
    }

    [Fact]
    public void ProductionError_WithDeadLetterTopic_SendsSourceRecordWithErrorHeaders()
    {
        using var driver = ThrowingSerializer(Config(ErrorHandlerResponse.Continue, "dlq"));
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);

        input.PipeInput("b", "poison", Timestamps.T0);

        var dead = driver.CreateOutputTopic("dlq", Serdes.String, Serdes.String).ReadRecord();
        Assert.Equal(("b", "poison"), (dead.Key, dead.Value));
        Assert.Equal(typeof(InvalidOperationException).FullName, dead.Headers.Text(DeadLetterHeaders.Exception));
        Assert.Equal("cannot serialize 'poison'", dead.Headers.Text(DeadLetterHeaders.Message));
        Assert.Equal("in", dead.Headers.Text(DeadLetterHeaders.Topic));
        Assert.Equal("0", dead.Headers.Text(DeadLetterHeaders.Partition));
        Assert.Equal("0", dead.Headers.Text(DeadLetterHeaders.Offset));
        Assert.Equal("sink", dead.Headers.Text(DeadLetterHeaders.ProcessorNode));
        Assert.True(driver.CreateOutputTopic("out", Serdes.String, Serdes.String).IsEmpty);
    }

    [Fact]
    public void Handlers_SeeTheFailingRecordsContext()
    {
        var seen = new List<ErrorHandlerContext>();
        var config = new StreamsConfig { ProcessingExceptionHandler = new RecordingHandler(seen) };
        using var driver = ThrowingMapValues(config);
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);

        input.PipeInput(new TestRecord<string, string>("k", "boom", Timestamps.T0.AddSeconds(3), TestHeaders.Of(("h", "v"))));

        var context = Assert.Single(seen);
        Assert.Equal(("in", 0, 0L, "upper"), (context.Topic, context.Partition, context.Offset, context.ProcessorNodeId));
        Assert.Equal(Timestamps.T0.AddSeconds(3).ToUnixTimeMilliseconds(), context.Timestamp);
        Assert.Equal("v", context.Headers.Text("h"));
    }

    private sealed class RecordingHandler(List<ErrorHandlerContext> seen) : IProcessingExceptionHandler
    {
        public ErrorHandlerResponse Handle(ErrorHandlerContext context, object? key, object? value, Exception exception)
        {
            seen.Add(context);
            return ErrorHandlerResponse.Continue;
        }
    }
}
