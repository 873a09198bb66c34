using pulse.vitals;
using Pulse.Streams;
using Pulse.Streams.Dsl;
using Pulse.Streams.Serialization;
using Pulse.Streams.State;
using Pulse.Streams.Testing;
using Pulse.Vitals.Dispatch;

namespace Pulse.Vitals.Tests.TestSupport;

/// <summary>
/// The dispatch stage alone under a <see cref="TopologyTestDriver"/>: alert events from a topic of their own, vehicle positions
/// from <c>vehicles.positions</c>, orders out of <c>dispatch.orders</c>. Times are seconds after <see cref="T0"/>.
/// </summary>
internal sealed class DispatchHarness : IDisposable
{
    public const string AlertTopic = "test.alerts";
    public static readonly DateTime T0 = new(2026, 12, 6, 8, 0, 0, DateTimeKind.Utc);

    private readonly TestInputTopic<string, Alert> _alerts;
    private readonly TestInputTopic<string, VehiclePosition> _vehicles;
    private readonly TestOutputTopic<string, DispatchOrder> _orders;

    public DispatchHarness(DispatchOptions? dispatch = null, StoreType storeType = StoreType.InMemory)
    {
        Options = new VitalsOptions { Dispatch = dispatch ?? new DispatchOptions() };
        var avro = AlertsHarness.AvroVitalsSerdes();
        var builder = new StreamsBuilder();
        DispatchStage.Add(builder, builder.Stream(AlertTopic, Consumed.With(Serdes.String, avro.Alert)), Options, avro, storeType);
        Topology = builder.Build();
        Driver = new TopologyTestDriver(Topology, new StreamsConfig { ApplicationId = "dispatch" }, new DateTimeOffset(T0));
        _alerts = Driver.CreateInputTopic(AlertTopic, Serdes.String, avro.Alert);
        _vehicles = Driver.CreateInputTopic(Options.Topics.VehiclePositions, Serdes.String, avro.Vehicle);
        _orders = Driver.CreateOutputTopic(Options.Topics.DispatchOrders, Serdes.String, avro.Order);
    }

    public VitalsOptions Options { get; }
    public Topology Topology { get; }
    public TopologyTestDriver Driver { get; }

    public static DateTime At(double seconds) => T0.AddSeconds(seconds);

    /// <summary>A vehicle's position report at <paramref name="seconds"/>.</summary>
    public DispatchHarness Vehicle(string id, double latitude, double longitude, double seconds, VehicleStatus status = VehicleStatus.AVAILABLE)
    {
        var position = new VehiclePosition
        {
            vehicle_id = id, timestamp = At(seconds), latitude = latitude, longitude = longitude, status = status, available = status == VehicleStatus.AVAILABLE,
        };
        _vehicles.PipeInput(id, position, new DateTimeOffset(position.timestamp));
        return this;
    }

    /// <summary>An event of patient <paramref name="patient"/>'s clinical episode (started at 0) at <paramref name="seconds"/>.</summary>
    public DispatchHarness Alert(string patient, double latitude, double longitude, double seconds, AlertState state = AlertState.RAISED,
        AlertSeverity severity = AlertSeverity.CRITICAL, string? episode = null)
    {
        var alert = new Alert
        {
            alert_id = episode ?? $"{patient}:CLINICAL:0", patient_id = patient, rule = AlertRule.NEWS2, severity = severity, state = state,
            timestamp = At(seconds), episode_start = T0, message = $"Patient {patient}: NEWS2 9 (high risk)", latitude = latitude, longitude = longitude,
            kind = EpisodeKind.CLINICAL, trigger_values = new Dictionary<string, double>(), findings = [], vitals = new Dictionary<string, double>(),
        };
        _alerts.PipeInput(patient, alert, new DateTimeOffset(alert.timestamp));
        return this;
    }

    /// <summary>Every order event since the last call.</summary>
    public List<DispatchOrder> Orders() => [.. _orders.ReadValuesToList()];

    public void Dispose() => Driver.Dispose();
}
