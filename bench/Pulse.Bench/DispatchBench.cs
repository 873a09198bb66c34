using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using pulse.vitals;
using Pulse.Schemas;
using Pulse.Schemas.Registry;
using Pulse.Streams;
using Pulse.Streams.Dsl;
using Pulse.Streams.Serialization;
using Pulse.Streams.State;
using Pulse.Streams.Testing;
using Pulse.Vitals;
using Pulse.Vitals.Dispatch;

namespace Pulse.Bench;

/// <summary>
/// <c>dispatch</c>: the dispatch stage alone through the <see cref="TopologyTestDriver"/>. A fleet of <c>--vehicles</c> moving in a
/// 30 km disc, each reporting every 5 s of event time, and <c>--alerts-per-second</c> critical episodes a second (event time) at
/// random places in the disc; records Avro-serialized before the timed part (deserializing, the repartition hop, the decision,
/// the stores and the orders' serialization are inside; so is reading every order, and the internal topics, which the driver
/// would otherwise keep in memory). A decision is an alert's order (ASSIGNED or NO_VEHICLE).
/// </summary>
internal static class DispatchBench
{
    public const string Usage = "usage: Pulse.Bench dispatch [--vehicles 10000] [--alerts 100000] [--alerts-per-second 1000] [--runs 3] [--store inmemory|rocksdb]";
    private const string AlertTopic = "bench.alerts";
    private const double CentreLat = 51.5074, CentreLon = -0.1278, RadiusKm = 30;
    public const double TargetDecisionsPerSecond = 50_000;

    public static int Run(IReadOnlyList<string> args)
    {
        if (NamedArgs.Parse(args, new Dictionary<string, string>(StringComparer.Ordinal) { ["vehicles"] = "10000", ["alerts"] = "100000", ["alerts-per-second"] = "1000", ["runs"] = "3", ["store"] = "inmemory" }, Usage) is not { } o) return 2;
        var vehicles = int.Parse(o["vehicles"], CultureInfo.InvariantCulture);
        var alerts = int.Parse(o["alerts"], CultureInfo.InvariantCulture);
        var perSecond = int.Parse(o["alerts-per-second"], CultureInfo.InvariantCulture);
        var store = o["store"] == "rocksdb" ? StoreType.RocksDb : StoreType.InMemory;
        Console.WriteLine($"[dispatch] {Report.Environment()}");
        var input = Input(vehicles, alerts, perSecond, out var positions);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[dispatch] {vehicles:N0} vehicles reporting every 5 s, {alerts:N0} critical alerts at {perSecond:N0}/s of event time in a {RadiusKm} km disc: {positions:N0} positions + {alerts:N0} alerts, store {o["store"]}"));
        var rates = new List<double>();
        for (var run = 0; run < int.Parse(o["runs"], CultureInfo.InvariantCulture) + 1; run++)
        {
            GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            var (seconds, assigned, waiting) = Once(input, store);
            if (run == 0)
            {
                Console.WriteLine($"[dispatch] warm-up: {seconds:F2} s");
                continue;
            }
            var rate = alerts / seconds;
            rates.Add(rate);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"[dispatch] run {run}: {rate,10:N0} decisions/s ({(alerts + positions) / seconds:N0} records/s, {seconds:F2} s); {assigned:N0} assigned, {waiting:N0} waited"));
        }
        rates.Sort();
        var median = rates[rates.Count / 2];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[dispatch] median {median:N0} decisions/s; target {TargetDecisionsPerSecond:N0}: {(median >= TargetDecisionsPerSecond ? "met" : "NOT met")}; peak RSS {ProcessMemory.PeakWorkingSetMiB():F0} MiB"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT dispatch vehicles={vehicles} alerts={alerts} decisions_per_s={median:F0}"));
        return 0;
    }

    private static (double Seconds, long Assigned, long Waiting) Once(List<(string Topic, byte[] Key, byte[] Value, DateTimeOffset At)> input, StoreType store)
    {
        var registry = InProcessSchemaRegistry.Seeded();
        var serdes = VitalsSerdes.Create(registry);
        var options = new VitalsOptions();
        var builder = new StreamsBuilder();
        DispatchStage.Add(builder, builder.Stream(AlertTopic, Consumed.With(Serdes.String, serdes.Alert)), options, serdes, store);
        using var driver = new TopologyTestDriver(builder.Build(), new StreamsConfig { ApplicationId = "dispatch-bench" });
        var alertsIn = driver.CreateInputTopic(AlertTopic, Serdes.ByteArray, Serdes.ByteArray);
        var vehiclesIn = driver.CreateInputTopic(options.Topics.VehiclePositions, Serdes.ByteArray, Serdes.ByteArray);
        var orders = driver.CreateOutputTopic(options.Topics.DispatchOrders, Serdes.String, Serdes.ByteArray);
        // The driver keeps every record written until a test reads it: read the internal topics as a broker's retention would drop them.
        var internals = new[] { "dispatch-alerts-repartition", "dispatch-vehicles-repartition", $"{DispatchStage.VehicleStore}-changelog", $"{DispatchStage.RequestStore}-changelog" }
            .Select(t => driver.CreateOutputTopic("dispatch-bench-" + t, Discarded.Serde, Discarded.Serde)).ToList();
        var decoded = AvroSerdes.Deserializer<DispatchOrder>(registry);
        long assigned = 0, waiting = 0;
        void Drain()
        {
            foreach (var topic in internals) topic.ReadRecordsToList();
            foreach (var record in orders.ReadRecordsToList())
            {
                var order = decoded.Deserialize(record.Value, false, new SerializationContext(MessageComponentType.Value, options.Topics.DispatchOrders));
                if (order.status == DispatchStatus.ASSIGNED && order.sequence == 0) assigned++;
                else if (order.status == DispatchStatus.NO_VEHICLE) waiting++;
            }
        }
        var (allocated, paused) = (GC.GetAllocatedBytesForCurrentThread(), GC.GetTotalPauseDuration());
        var collections = Enumerable.Range(0, 3).Select(GC.CollectionCount).ToArray();
        var started = Stopwatch.GetTimestamp();
        var n = 0;
        foreach (var (topic, key, value, at) in input)
        {
            (topic == AlertTopic ? alertsIn : vehiclesIn).PipeInput(key, value, at);
            if (++n % 1_000 == 0)
            {
                driver.Commit();
                Drain();
            }
        }
        driver.Commit();
        Drain();
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[dispatch]   {(GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)input.Count:N0} B allocated a record, GC pauses {(GC.GetTotalPauseDuration() - paused).TotalMilliseconds:N0} ms in {string.Join("/", Enumerable.Range(0, 3).Select(g => GC.CollectionCount(g) - collections[g]))} collections (gen 0/1/2)"));
        return (seconds, assigned, waiting);
    }

    /// <summary>Every record, in event-time order, serialized: a first round of every vehicle's position, then positions and alerts interleaved.</summary>
    private static List<(string Topic, byte[] Key, byte[] Value, DateTimeOffset At)> Input(int vehicles, int alerts, int perSecond, out long positions)
    {
        var registry = InProcessSchemaRegistry.Seeded();
        var vehicle = AvroSerdes.Serializer<VehiclePosition>(registry);
        var alert = AvroSerdes.Serializer<Alert>(registry);
        var random = new Random(42);
        var start = new DateTimeOffset(2026, 12, 6, 8, 0, 0, TimeSpan.Zero);
        var places = Enumerable.Range(0, vehicles).Select(_ => Point(random)).ToArray();
        var list = new List<(string, byte[], byte[], DateTimeOffset)>();
        positions = 0;
        var vehicleEveryMs = 5000.0 / vehicles;
        var alertEveryMs = 1000.0 / perSecond;
        var (nextVehicle, nextAlert, v, a) = (0.0, 5000.0, 0, 0);
        while (a < alerts)
        {
            if (nextVehicle <= nextAlert)
            {
                var i = v++ % vehicles;
                var (lat, lon) = places[i] = Step(places[i], random);
                var at = start.AddMilliseconds(nextVehicle);
                var id = $"V-{i:D5}";
                list.Add((new VitalsTopics().VehiclePositions, System.Text.Encoding.UTF8.GetBytes(id), vehicle.Serialize(new VehiclePosition
                {
                    vehicle_id = id, timestamp = at.UtcDateTime, latitude = lat, longitude = lon, status = VehicleStatus.AVAILABLE, available = true,
                }, new SerializationContext(MessageComponentType.Value, "vehicles.positions")), at));
                positions++;
                nextVehicle += vehicleEveryMs;
            }
            else
            {
                var (lat, lon) = Point(random);
                var at = start.AddMilliseconds(nextAlert);
                var patient = $"P-{a:D7}";
                list.Add((AlertTopic, System.Text.Encoding.UTF8.GetBytes(patient), alert.Serialize(new Alert
                {
                    alert_id = $"{patient}:CLINICAL:{at.ToUnixTimeMilliseconds()}", patient_id = patient, rule = AlertRule.NEWS2, severity = AlertSeverity.CRITICAL,
                    state = AlertState.RAISED, timestamp = at.UtcDateTime, episode_start = at.UtcDateTime, message = $"Patient {patient}: NEWS2 9 (high risk)",
                    latitude = lat, longitude = lon, kind = EpisodeKind.CLINICAL, trigger_values = new Dictionary<string, double>(), findings = [],
                    vitals = new Dictionary<string, double>(),
                }, new SerializationContext(MessageComponentType.Value, AlertTopic)), at));
                a++;
                nextAlert += alertEveryMs;
            }
        }
        return list;
    }

    /// <summary>Reads a record as nothing: the internal topics are only dropped, as a broker's retention would.</summary>
    private sealed class Discarded : ISerializer<object>, IDeserializer<object>
    {
        public static readonly Serde<object> Serde = Serdes.From<object>(new Discarded(), new Discarded());

        public byte[] Serialize(object data, SerializationContext context) => [];

        public object Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context) => null!;
    }

    private static (double, double) Point(Random random)
    {
        var r = RadiusKm * Math.Sqrt(random.NextDouble());
        var θ = 2 * Math.PI * random.NextDouble();
        return (CentreLat + r * Math.Cos(θ) / 111.195, CentreLon + r * Math.Sin(θ) / (111.195 * Math.Cos(CentreLat * Math.PI / 180)));
    }

    /// <summary>About 55 m in a random direction: 5 s at 40 km/h.</summary>
    private static (double, double) Step((double Lat, double Lon) p, Random random)
    {
        var θ = 2 * Math.PI * random.NextDouble();
        return (p.Lat + 0.055 * Math.Cos(θ) / 111.195, p.Lon + 0.055 * Math.Sin(θ) / (111.195 * Math.Cos(CentreLat * Math.PI / 180)));
    }
}
