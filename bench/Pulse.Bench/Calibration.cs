using System.Diagnostics;
using Confluent.Kafka;

namespace Pulse.Bench;

/// <summary>
/// A fixed CPU workload (JSON round trips of one reading) timed next to each run, because this
/// kind of shared machine changes speed by tens of percent from minute to minute: a run's
/// records/s only compares with another's at a similar calibration.
/// </summary>
internal static class Calibration
{
    private const int Iterations = 100_000;

    /// <summary>Nanoseconds per JSON round trip of a reading, now.</summary>
    public static double NanosecondsPerOp()
    {
        var context = new SerializationContext(MessageComponentType.Value, ReferenceTopology.InputTopic);
        var reading = new SensorReading("k42", 71.3, InputData.StartMs);
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < Iterations; i++)
        {
            var bytes = ReferenceTopology.ReadingSerde.Serialize(reading, context)!;
            reading = ReferenceTopology.ReadingSerde.Deserialize(bytes, context)!;
        }
        return Stopwatch.GetElapsedTime(start).TotalNanoseconds / Iterations;
    }
}
