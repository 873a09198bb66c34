using pulse.vitals;
using Pulse.Schemas.Registry;
using Pulse.Streams;
using Pulse.Streams.Dsl;
using Pulse.Streams.Testing;
using Pulse.Vitals;
using Pulse.Vitals.Alerts;
using Pulse.Streams.Serialization;

namespace Pulse.Vitals.Tests.TestSupport;

/// <summary>
/// A topology of one source (enriched readings, Avro) followed by <see cref="AlertsStage.Add"/>,
/// under a <see cref="TopologyTestDriver"/>: pipe readings in, read both alert topics, look at the store.
/// </summary>
internal sealed class AlertsHarness : IDisposable
{
    private readonly TestInputTopic<string, EnrichedReading> _input;
    private readonly TestOutputTopic<string, Alert> _notify;
    private readonly TestOutputTopic<string, Alert> _dispatch;

    public AlertsHarness(AlertOptions? alerts = null, StreamsConfig? config = null)
    {
        Options = new VitalsOptions { Alerts = alerts ?? new AlertOptions() };
        Avro = AvroVitalsSerdes();
        var builder = new StreamsBuilder();
        AlertsStage.Add(builder.Stream(Options.Topics.Enriched, Consumed.With(Serdes.String, Avro.Enriched)), Options, Avro);
        Topology = builder.Build();
        Driver = new TopologyTestDriver(Topology, config ?? new StreamsConfig { ApplicationId = "alerts" });
        _input = Driver.CreateInputTopic(Options.Topics.Enriched, Serdes.String, Avro.Enriched);
        _notify = Driver.CreateOutputTopic(Options.Topics.Notify, Serdes.String, Avro.Alert);
        _dispatch = Driver.CreateOutputTopic(Options.Topics.Dispatch, Serdes.String, Avro.Alert);
    }

    public VitalsOptions Options { get; }
    public VitalsSerdes Avro { get; }
    public Topology Topology { get; }
    public TopologyTestDriver Driver { get; }

    /// <summary>The vitals serdes in Confluent's Avro wire format over a seeded in-process registry.</summary>
    public static VitalsSerdes AvroVitalsSerdes() => VitalsSerdes.Create(InProcessSchemaRegistry.Seeded());

    /// <summary>Pipes readings in, keyed by their patient, with their event time as the record timestamp.</summary>
    public AlertsHarness Pipe(params EnrichedReading[] readings)
    {
        foreach (var r in readings) _input.PipeInput(r.reading.patient_id, r, new DateTimeOffset(r.reading.timestamp));
        return this;
    }

    /// <summary>Drains alerts.notify.</summary>
    public List<Alert> Notify() => _notify.ReadValuesToList();

    /// <summary>Drains alerts.dispatch.</summary>
    public List<Alert> Dispatch() => _dispatch.ReadValuesToList();

    /// <summary>Drains both topics, each record with its key and record time, in event-time order (notify first on ties).</summary>
    public List<TestRecord<string, Alert>> Records() =>
        [.. _notify.ReadRecordsToList().Concat(_dispatch.ReadRecordsToList()).OrderBy(r => r.TimestampMs)];

    /// <summary>Drains both topics, in event-time order (notify first on ties).</summary>
    public List<Alert> All() => [.. Records().Select(r => r.Value)];

    /// <summary>Drains both topics and keeps the events of <paramref name="rule"/>.</summary>
    public List<Alert> All(AlertRule rule) => [.. All().Where(a => a.rule == rule)];

    /// <summary>The patient's alert state as the driver's store holds it.</summary>
    public PatientAlertState? State(string patient = AlertReadings.Patient) =>
        Driver.GetKeyValueStore<string, PatientAlertState>(AlertsStage.StoreName).Get(patient);

    public void Dispose() => Driver.Dispose();
}
