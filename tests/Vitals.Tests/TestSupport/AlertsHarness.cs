using pulse.vitals;
using Pulse.Schemas.Registry;
using Pulse.Streams;
using Pulse.Streams.Dsl;
using Pulse.Streams.Serialization;
using Pulse.Streams.State;
using Pulse.Streams.Testing;
using Pulse.Vitals.Alerts;

namespace Pulse.Vitals.Tests.TestSupport;

/// <summary>
/// The alert stage alone under a <see cref="TopologyTestDriver"/>: enriched readings and discharges
/// from topics of their own, acknowledgements from <c>alerts.acks</c>, both alert topics out. The
/// wall clock starts at <see cref="AlertReadings.T0"/> and moves only when a test moves it.
/// </summary>
internal sealed class AlertsHarness : IDisposable
{
    /// <summary>The topic discharges come from (the full topology routes them from vitals.raw).</summary>
    public const string DischargeTopic = "test.discharges";

    private readonly TestInputTopic<string, EnrichedReading> _input;
    private readonly TestInputTopic<string, VitalReading> _discharges;
    private readonly TestInputTopic<string, AlertAck> _acks;
    private readonly TestOutputTopic<string, Alert> _notify;
    private readonly TestOutputTopic<string, Alert> _dispatch;

    public AlertsHarness(AlertOptions? alerts = null, StreamsConfig? config = null, IReadOnlyList<IAlertRule>? rules = null,
        StoreType storeType = StoreType.RocksDb)
    {
        Options = new VitalsOptions { Alerts = alerts ?? new AlertOptions() };
        Avro = AvroVitalsSerdes();
        var builder = new StreamsBuilder();
        AlertsStage.Add(builder, builder.Stream(Options.Topics.Enriched, Consumed.With(Serdes.String, Avro.Enriched)),
            builder.Stream(DischargeTopic, Consumed.With(Serdes.String, Avro.Reading)), Options, Avro, storeType, rules);
        Topology = builder.Build();
        Driver = new TopologyTestDriver(Topology, config ?? new StreamsConfig { ApplicationId = "alerts" }, WallStart);
        _input = Driver.CreateInputTopic(Options.Topics.Enriched, Serdes.String, Avro.Enriched);
        _discharges = Driver.CreateInputTopic(DischargeTopic, Serdes.String, Avro.Reading);
        _acks = Driver.CreateInputTopic(Options.Topics.Acks, Serdes.String, Avro.Ack);
        _notify = Driver.CreateOutputTopic(Options.Topics.Notify, Serdes.String, Avro.Alert);
        _dispatch = Driver.CreateOutputTopic(Options.Topics.Dispatch, Serdes.String, Avro.Alert);
    }

    /// <summary>The driver's wall clock at the start: <see cref="AlertReadings.T0"/>.</summary>
    public static readonly DateTimeOffset WallStart = new(AlertReadings.T0, TimeSpan.Zero);

    public VitalsOptions Options { get; }
    public VitalsSerdes Avro { get; }
    public Topology Topology { get; }
    public TopologyTestDriver Driver { get; }

    /// <summary>The driver's wall clock, ms since the epoch.</summary>
    public long WallMs => WallStart.ToUnixTimeMilliseconds() + (long)Waited.TotalMilliseconds;

    /// <summary>How far the wall clock has moved.</summary>
    public TimeSpan Waited { get; private set; }

    /// <summary>The vitals serdes in Confluent's Avro wire format over a seeded in-process registry.</summary>
    public static VitalsSerdes AvroVitalsSerdes() => VitalsSerdes.Create(InProcessSchemaRegistry.Seeded());

    /// <summary>Pipes readings in, keyed by their patient, with their event time as the record timestamp.</summary>
    public AlertsHarness Pipe(params EnrichedReading[] readings)
    {
        foreach (var r in readings) _input.PipeInput(r.reading.patient_id, r, new DateTimeOffset(r.reading.timestamp));
        return this;
    }

    /// <summary>Moves the wall clock forward, firing the stage's punctuation.</summary>
    public AlertsHarness Wait(TimeSpan time)
    {
        Driver.AdvanceWallClockTime(time);
        Waited += time;
        return this;
    }

    /// <summary>Publishes an acknowledgement, stamped with the wall clock.</summary>
    public AlertsHarness Ack(string patient = AlertReadings.Patient, string by = "nurse.a", string? episode = null, string? note = null)
    {
        var now = DateTimeOffset.FromUnixTimeMilliseconds(WallMs);
        _acks.PipeInput(patient, new AlertAck { patient_id = patient, acknowledged_by = by, episode_id = episode, note = note, timestamp = now.UtcDateTime }, now);
        return this;
    }

    /// <summary>Publishes a discharge of <paramref name="patient"/> at <see cref="AlertReadings.T0"/> plus <paramref name="seconds"/>.</summary>
    public AlertsHarness Discharge(double seconds, string patient = AlertReadings.Patient)
    {
        var at = AlertReadings.T0.AddSeconds(seconds);
        _discharges.PipeInput(patient, new VitalReading { patient_id = patient, timestamp = at, discharged = true }, new DateTimeOffset(at));
        return this;
    }

    /// <summary>Drains alerts.notify.</summary>
    public List<Alert> Notify() => _notify.ReadValuesToList();

    /// <summary>Drains alerts.dispatch.</summary>
    public List<Alert> Dispatch() => _dispatch.ReadValuesToList();

    /// <summary>Drains both topics, in order of episode and sequence (events of one episode in the order they were sent).</summary>
    public List<Alert> All() =>
        [.. _notify.ReadValuesToList().Concat(_dispatch.ReadValuesToList()).OrderBy(a => a.episode_start).ThenBy(a => a.alert_id, StringComparer.Ordinal).ThenBy(a => a.sequence)];

    /// <summary>The patient's alert state as the driver's store holds it.</summary>
    public PatientAlertState? State(string patient = AlertReadings.Patient) =>
        Driver.GetKeyValueStore<string, PatientAlertState>(AlertsStage.StoreName).Get(patient);

    public void Dispose() => Driver.Dispose();
}
