using Pulse.Streams.Dsl;
using Pulse.Streams.Serialization;
using Pulse.Streams.Testing;

namespace Pulse.Streams.Tests.TestSupport;

/// <summary>
/// A <see cref="TopologyTestDriver"/> over a session aggregation: topic "in" (string keys and values),
/// grouped by key, aggregated by the caller's function into a session table, then written to "out" with
/// session-windowed keys. Records go in with <see cref="Pipe"/> and come back as (session, aggregate) pairs.
/// </summary>
internal sealed class SessionPipeline<TAggregate> : IDisposable
{
    private readonly TestInputTopic<string, string> _input;
    private readonly TestOutputTopic<Windowed<string>, TAggregate> _output;

    public SessionPipeline(Func<IKGroupedStream<string, string>, IKTable<Windowed<string>, TAggregate>> aggregate,
        Serde<TAggregate> aggregateSerde, TopologyTestDriverOptions? options = null, StreamsConfig? config = null)
    {
        var sessionSerde = WindowedSerdes.SessionWindowed(Serdes.String);
        var builder = new StreamsBuilder();
        aggregate(builder.Stream("in", Consumed.With(Serdes.String, Serdes.String)).GroupByKey())
            .ToStream()
            .To("out", Produced.With(sessionSerde, aggregateSerde));
        Driver = new TopologyTestDriver(builder.Build(), config, options: options);
        _input = Driver.CreateInputTopic("in", Serdes.String, Serdes.String);
        _output = Driver.CreateOutputTopic("out", sessionSerde, aggregateSerde);
    }

    /// <summary>The driver, for stores, metrics and commits.</summary>
    public TopologyTestDriver Driver { get; }

    /// <summary>Processes one record.</summary>
    public void Pipe(string? key, long timestampMs, string? value = "v") => _input.PipeInput(key!, value!, timestampMs);

    /// <summary>Everything written to "out" since the last read, in order.</summary>
    public List<KeyValue<Windowed<string>, TAggregate>> Read() => _output.ReadKeyValuesToList();

    /// <summary>Everything written to "out" since the last read, with timestamps.</summary>
    public List<TestRecord<Windowed<string>, TAggregate>> ReadRecords() => _output.ReadRecordsToList();

    public void Dispose() => Driver.Dispose();
}
