using System.Diagnostics.Metrics;

namespace Pulse.Host.Simulator;

/// <summary>
/// The simulator's instruments, on the meter <see cref="MeterName"/> ("Pulse.Simulator"; export with
/// OpenTelemetry's <c>AddMeter("Pulse.Simulator")</c>), and this run's running totals.
/// </summary>
/// <remarks>
/// Instruments: <c>pulse.simulator.readings</c> (readings the brokers acknowledged, tag <c>topic</c>),
/// <c>pulse.simulator.rows_rejected</c> (CSV rows that could not be read), and
/// <c>pulse.simulator.delivery_failures</c> (readings the producer gave up on, tag <c>topic</c>).
/// </remarks>
public sealed class SimulatorMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Pulse.Simulator";

    private readonly Counter<long> _readings;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _failures;
    private long _published;
    private long _rowsRejected;
    private long _deliveryFailures;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>.</summary>
    public SimulatorMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _readings = meter.CreateCounter<long>("pulse.simulator.readings", "{reading}", "Readings published and acknowledged by the brokers");
        _rejected = meter.CreateCounter<long>("pulse.simulator.rows_rejected", "{row}", "CSV rows that could not be read into a reading");
        _failures = meter.CreateCounter<long>("pulse.simulator.delivery_failures", "{reading}", "Readings the producer could not deliver");
    }

    /// <summary>Readings acknowledged so far.</summary>
    public long Published => Interlocked.Read(ref _published);

    /// <summary>CSV rows rejected so far.</summary>
    public long RowsRejected => Interlocked.Read(ref _rowsRejected);

    /// <summary>Readings that could not be delivered so far.</summary>
    public long DeliveryFailures => Interlocked.Read(ref _deliveryFailures);

    internal void Delivered(KeyValuePair<string, object?> topic)
    {
        _readings.Add(1, topic);
        Interlocked.Increment(ref _published);
    }

    internal void DeliveryFailed(KeyValuePair<string, object?> topic)
    {
        _failures.Add(1, topic);
        Interlocked.Increment(ref _deliveryFailures);
    }

    internal void RowRejected()
    {
        _rejected.Add(1);
        Interlocked.Increment(ref _rowsRejected);
    }
}
