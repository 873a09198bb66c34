using pulse.vitals;
using Pulse.Streams;
using Pulse.Streams.Testing;
using Pulse.Vitals;
using Pulse.Vitals.Alerts;
using Pulse.Streams.Serialization;

namespace Pulse.Vitals.Tests.TestSupport;

/// <summary>
/// The whole vitals topology (<see cref="VitalsTopology.Build(VitalsOptions, VitalsSerdes)"/>) under a driver, for alert
/// tests from raw readings: pipe <see cref="VitalReading"/>s into vitals.raw, read the alert topics.
/// </summary>
internal sealed class AlertsPipeline : IDisposable
{
    private readonly TestInputTopic<string, VitalReading> _raw;
    private readonly TestOutputTopic<string, Alert> _notify;
    private readonly TestOutputTopic<string, Alert> _dispatch;
    private readonly TestOutputTopic<string, byte[]> _invalid;

    public AlertsPipeline()
    {
        var options = new VitalsOptions();
        var serdes = AlertsHarness.AvroVitalsSerdes();
        Driver = new TopologyTestDriver(VitalsTopology.Build(options, serdes), new StreamsConfig { ApplicationId = "vitals" });
        _raw = Driver.CreateInputTopic(options.Topics.Raw, Serdes.String, serdes.Reading);
        _notify = Driver.CreateOutputTopic(options.Topics.Notify, Serdes.String, serdes.Alert);
        _dispatch = Driver.CreateOutputTopic(options.Topics.Dispatch, Serdes.String, serdes.Alert);
        _invalid = Driver.CreateOutputTopic(options.Topics.Invalid, Serdes.String, Serdes.ByteArray);
    }

    public TopologyTestDriver Driver { get; }

    /// <summary>A reading of <see cref="AlertReadings.Patient"/> at <see cref="AlertReadings.T0"/> plus <paramref name="seconds"/>, every NEWS2 parameter in its 0 band.</summary>
    public static VitalReading Normal(double seconds) => new()
    {
        patient_id = AlertReadings.Patient, device_id = AlertReadings.Device, timestamp = AlertReadings.T0.AddSeconds(seconds),
        heart_rate = 72, spo2 = 97, systolic_bp = 124, diastolic_bp = 78, respiratory_rate = 15, temperature = 36.9, glucose = 105,
        consciousness = Consciousness.ALERT, on_oxygen = false, latitude = AlertReadings.Latitude, longitude = AlertReadings.Longitude,
    };

    public AlertsPipeline Pipe(params VitalReading[] readings)
    {
        foreach (var r in readings) _raw.PipeInput(r.patient_id, r, new DateTimeOffset(r.timestamp));
        return this;
    }

    public List<Alert> Notify() => _notify.ReadValuesToList();

    public List<Alert> Dispatch() => _dispatch.ReadValuesToList();

    public int DeadLetters() => _invalid.ReadValuesToList().Count;

    public PatientAlertState? State() => Driver.GetKeyValueStore<string, PatientAlertState>(AlertsStage.StoreName).Get(AlertReadings.Patient);

    public void Dispose() => Driver.Dispose();
}
