using pulse.vitals;

namespace Pulse.Host.Tests.TestSupport;

/// <summary>
/// Valid readings sent to <c>vitals.raw</c> at a steady pace by a background task, stamped with the wall clock as a
/// bedside monitor would, round the <paramref name="patients"/> in turn (so each patient's readings are far more than
/// a millisecond apart). Every reading sent and acknowledged is kept, for a test to find in PostgreSQL.
/// </summary>
internal sealed class SteadyReadings : IDisposable
{
    private readonly VitalsProducer _producer;
    private readonly IReadOnlyList<string> _patients;
    private readonly int _perSecond;
    private readonly string _topic;
    private readonly List<(string Patient, DateTime Timestamp)> _sent = [];
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sending;

    public SteadyReadings(PipelineCluster cluster, IReadOnlyList<string> patients, int perSecond)
    {
        _producer = new VitalsProducer(cluster.Kafka);
        _patients = patients;
        _perSecond = perSecond;
        _topic = cluster.Topics.Raw;
        _sending = Task.Run(SendAsync);
    }

    /// <summary>Readings sent and acknowledged.</summary>
    public int Sent
    {
        get
        {
            lock (_gate) return _sent.Count;
        }
    }

    /// <summary>Stops after the batch in hand; returns every reading sent, by patient and timestamp.</summary>
    public List<(string Patient, DateTime Timestamp)> Stop()
    {
        _stop.Cancel();
        try
        {
            _sending.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            // Stopped while pacing.
        }
        lock (_gate) return [.. _sent];
    }

    private async Task SendAsync()
    {
        const int Batch = 20;
        using var pace = new PeriodicTimer(TimeSpan.FromSeconds((double)Batch / _perSecond));
        for (var n = 0; await pace.WaitForNextTickAsync(_stop.Token); )
        {
            var batch = new List<(string, DateTime)>(Batch);
            for (var j = 0; j < Batch; j++, n++)
            {
                var patient = _patients[n % _patients.Count];
                var now = DateTime.UtcNow;
                var reading = VitalRecords.Reading(patient, new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc));
                _producer.Send(_topic, patient, reading);
                batch.Add((patient, reading.timestamp));
            }
            _producer.Flush();
            lock (_gate) _sent.AddRange(batch);
        }
    }

    public void Dispose()
    {
        if (!_stop.IsCancellationRequested) Stop();
        _stop.Dispose();
        _producer.Dispose();
    }
}
