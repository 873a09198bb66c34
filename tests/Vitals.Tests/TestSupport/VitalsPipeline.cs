using Confluent.Kafka;
using pulse.vitals;
using Pulse.Schemas.Registry;
using Pulse.Streams;
using Pulse.Streams.Dsl;
using Pulse.Streams.Testing;
using Pulse.Vitals;
using Pulse.Streams.Serialization;

namespace Pulse.Vitals.Tests.TestSupport;

/// <summary>The vitals topology in a <see cref="TopologyTestDriver"/>, with its input and output topics.</summary>
internal sealed class VitalsPipeline : IDisposable
{
    public static readonly VitalsSerdes Avro = VitalsSerdes.Create(InProcessSchemaRegistry.Seeded());

    /// <summary>
    /// The driver's wall clock at the start: after every reading the tests stamp (1970 onwards, in ms from the epoch),
    /// so none is "in the future"; the tests' readings count from the epoch, so the earliest valid timestamp is
    /// the epoch unless a test sets its own (the guard has tests of its own).
    /// </summary>
    public static readonly DateTimeOffset WallClockStart = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public VitalsPipeline(VitalsOptions? options = null, StoreType storeType = StoreType.InMemory, TopologyTestDriverOptions? driverOptions = null,
        StreamsConfig? config = null)
    {
        Options = options ?? new VitalsOptions();
        if (Options.Validity.Earliest == new ValidityOptions().Earliest) Options.Validity.Earliest = DateTime.UnixEpoch;
        Driver = new TopologyTestDriver(VitalsTopology.Build(Options, Avro, storeType), config ?? new StreamsConfig { ApplicationId = ApplicationId },
            WallClockStart, driverOptions);
        var topics = Options.Topics;
        Raw = Driver.CreateInputTopic(topics.Raw, Serdes.String, Avro.Reading);
        RawBytes = Driver.CreateInputTopic(topics.Raw, Serdes.String, Serdes.ByteArray);
        Enriched = Driver.CreateOutputTopic(topics.Enriched, Serdes.String, Avro.Enriched);
        Stats = Driver.CreateOutputTopic(topics.Stats, Serdes.String, Avro.Stats);
        Invalid = Driver.CreateOutputTopic(topics.Invalid, Serdes.String, Serdes.ByteArray);
    }

    public const string ApplicationId = "vitals-test";

    public VitalsOptions Options { get; }
    public TopologyTestDriver Driver { get; }
    public TestInputTopic<string, VitalReading> Raw { get; }
    public TestInputTopic<string, byte[]> RawBytes { get; }
    public TestOutputTopic<string, EnrichedReading> Enriched { get; }
    public TestOutputTopic<string, VitalStats> Stats { get; }
    public TestOutputTopic<string, byte[]> Invalid { get; }

    /// <summary>Pipes a reading keyed by its patient, at its own timestamp.</summary>
    public void Pipe(VitalReading reading) => Raw.PipeInput(reading.patient_id, reading, new DateTimeOffset(reading.timestamp, TimeSpan.Zero));

    /// <summary>The reading's bytes as a producer would write them to the raw topic.</summary>
    public byte[] Serialize(VitalReading reading) =>
        Avro.Reading.Serializer.Serialize(reading, new SerializationContext(MessageComponentType.Value, Options.Topics.Raw));

    /// <summary>Pipes a valid reading and returns what it became on the enriched topic.</summary>
    public EnrichedReading Enrich(VitalReading reading)
    {
        Pipe(reading);
        Assert.True(Invalid.IsEmpty, "The reading was dead-lettered.");
        return Assert.Single(Enriched.ReadValuesToList());
    }

    public void Dispose() => Driver.Dispose();
}
