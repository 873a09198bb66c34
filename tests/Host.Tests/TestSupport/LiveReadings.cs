
namespace Pulse.Host.Tests.TestSupport;

/// <summary>
/// Readings sent to <c>vitals.raw</c> by a background task, so the stream keeps coming while a test
/// stops or kills a replica: 80 patients, one reading a second each in event time, one in 200 invalid
/// (heart rate 500), paced at about <see cref="PerSecond"/> a second in batches of 200, each batch
/// acknowledged before the next. Readings sent after <see cref="Mark"/> (a replica killed, a handover
/// done) are told apart. At most <see cref="MaxBeforeMark"/> are sent before the mark (the embedded
/// cluster keeps 5 MiB per partition, and a slow stop must not bury the survivor).
/// </summary>
internal sealed class LiveReadings : IDisposable
{
    public const int PerSecond = 1_000;
    public const int MaxBeforeMark = 30_000;
    private const int Batch = 200;
    private readonly VitalsProducer _producer;
    private readonly DateTime _first;
    private readonly List<(string, DateTime)> _before = [];
    private readonly List<(string, DateTime)> _after = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly ManualResetEventSlim _marked = new();
    private readonly Task _sending;
    private int _invalid;
    private int _sent;
    private int _sentAfterMark;

    public LiveReadings(PipelineCluster cluster, DateTime first)
    {
        _producer = new VitalsProducer(cluster.Kafka);
        _first = first;
        _sending = Task.Run(SendAsync);
    }

    /// <summary>Valid readings sent and acknowledged.</summary>
    public int Sent => Volatile.Read(ref _sent);

    /// <summary>Valid readings sent (begun) after <see cref="Mark"/>.</summary>
    public int SentAfterMark => Volatile.Read(ref _sentAfterMark);

    /// <summary>From now on, readings count as sent after the mark.</summary>
    public void Mark() => _marked.Set();

    /// <summary>Stops after the batch in hand; returns the valid readings' keys sent before and after the mark, and how many invalid ones were sent.</summary>
    public (List<(string, DateTime)> Before, List<(string, DateTime)> After, int Invalid) Stop()
    {
        _stop.Cancel();
        try
        {
            _sending.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            // Stopped while pacing or waiting for the mark.
        }
        return (_before, _after, _invalid);
    }

    private async Task SendAsync()
    {
        using var pace = new PeriodicTimer(TimeSpan.FromSeconds((double)Batch / PerSecond));
        for (var i = 0; !_stop.IsCancellationRequested; i++)
        {
            await pace.WaitForNextTickAsync(_stop.Token);
            if (!_marked.IsSet && Sent >= MaxBeforeMark) _marked.Wait(_stop.Token);
            // Decided before the batch is sent: a batch begun after the mark holds only readings sent after it.
            var after = _marked.IsSet;
            var into = after ? _after : _before;
            for (var j = 0; j < Batch; j++)
            {
                var n = i * Batch + j;
                var reading = VitalRecords.Reading($"patient-{n % 80}", _first.AddSeconds(n));
                if (n % 200 == 199)
                {
                    reading.heart_rate = 500;
                    _invalid++;
                }
                else
                {
                    into.Add((reading.patient_id, reading.timestamp));
                }
                _producer.Send("vitals.raw", reading.patient_id, reading);
            }
            _producer.Flush();
            Interlocked.Add(ref _sent, Batch - 1);
            if (after) Interlocked.Add(ref _sentAfterMark, Batch - 1);
        }
    }

    public void Dispose()
    {
        if (!_stop.IsCancellationRequested) Stop();
        _stop.Dispose();
        _marked.Dispose();
        _producer.Dispose();
    }
}
