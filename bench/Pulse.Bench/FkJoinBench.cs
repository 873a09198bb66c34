using System.Diagnostics;
using System.Globalization;
using Pulse.Streams;
using Pulse.Streams.Dsl;
using Pulse.Streams.Serialization;
using Pulse.Streams.State;
using Pulse.Streams.Testing;

namespace Pulse.Bench;

/// <summary>
/// <c>fkjoin</c>: a foreign-key table–table join through a <see cref="TopologyTestDriver"/>: orders (order → "customer|item")
/// joined with customers (customer → name). Three timed phases, each piped in batches of <c>--commit-every</c> records with a
/// commit and a drain of the output after each batch: the customers; the orders, each subscribing to its customer through the
/// subscription and response topics; then one update per customer, each fanned out by a prefix scan of the subscription store
/// to the orders referring to it (orders / customers each). Prints input and output records/s per phase, its process CPU time (less
/// sensitive than wall time to other processes on the machine), and the process's peak resident memory.
/// </summary>
internal static class FkJoinBench
{
    public const string Usage =
        "usage: Pulse.Bench fkjoin [--orders N (100000)] [--customers N (1000)] [--commit-every N (1000)] [--store rocksdb|inmemory (rocksdb: tables and subscription store)]";

    public static int Run(IReadOnlyList<string> args)
    {
        var o = NamedArgs.Parse(args, new() { ["orders"] = "100000", ["customers"] = "1000", ["commit-every"] = "1000", ["store"] = "rocksdb" }, Usage);
        if (o is null || o["store"] is not ("rocksdb" or "inmemory")) return 2;
        var (orders, customers, commitEvery) = (Int(o["orders"]), Int(o["customers"]), Int(o["commit-every"]));
        var inMemory = o["store"] == "inmemory";
        Console.WriteLine($"[fkjoin] {Report.Environment()}");
        Console.WriteLine($"[fkjoin] {orders:N0} orders over {customers:N0} customers, commit every {commitEvery:N0} records, {o["store"]} stores");

        using var driver = new TopologyTestDriver(Build(inMemory), new StreamsConfig { ApplicationId = "fkjoin-bench" }, DateTimeOffset.UnixEpoch,
            new TopologyTestDriverOptions { CommitEveryRecord = false });
        var customerInput = driver.CreateInputTopic("customers", Serdes.String, Serdes.String);
        var orderInput = driver.CreateInputTopic("orders", Serdes.String, Serdes.String);
        var output = driver.CreateOutputTopic("enriched", Serdes.ByteArray, Serdes.ByteArray);
        var customerIds = Enumerable.Range(0, customers).Select(c => $"customer-{c:D6}").ToArray();
        ProcessMemory.ResetPeak();

        Phase("customers", driver, output, commitEvery, customers, i => customerInput.PipeInput(customerIds[i], $"name {i}", i));
        Phase("orders", driver, output, commitEvery, orders, i => orderInput.PipeInput($"order-{i:D8}", $"{customerIds[i % customers]}|item {i}", i));
        Phase("customer updates", driver, output, commitEvery, customers, i => customerInput.PipeInput(customerIds[i], $"new name {i}", orders + i));
        Console.WriteLine($"[fkjoin] peak RSS {ProcessMemory.PeakWorkingSetMiB():F0} MiB; subscriptions stored {SubscriptionCount(driver):N0}");
        return 0;
    }

    private static Topology Build(bool inMemory)
    {
        var builder = new StreamsBuilder();
        var type = inMemory ? StoreType.InMemory : StoreType.RocksDb;
        var customers = builder.Table("customers", Consumed.With(Serdes.String, Serdes.String), new Materialized<string, string> { StoreType = type });
        builder.Table("orders", Consumed.With(Serdes.String, Serdes.String), new Materialized<string, string> { StoreType = type })
            .Join(customers, order => order[..order.IndexOf('|')], (order, name) => $"{order[(order.IndexOf('|') + 1)..]} for {name}",
                TableJoined.As<string, string>("enrich"))
            .ToStream().To("enriched", Produced.With(Serdes.String, Serdes.String));
        return builder.Build();
    }

    private static void Phase(string name, TopologyTestDriver driver, TestOutputTopic<byte[], byte[]> output, int commitEvery, int count, Action<int> pipe)
    {
        long outputs = 0;
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var start = Stopwatch.GetTimestamp();
        for (var batch = 0; batch < count; batch += commitEvery)
        {
            for (var i = batch; i < Math.Min(count, batch + commitEvery); i++) pipe(i);
            driver.Commit();
            while (!output.IsEmpty)
            {
                output.ReadValue();
                outputs++;
            }
        }
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[fkjoin] {name,-16}: {count,9:N0} in, {outputs,9:N0} out in {seconds,6:F2} s: {count / seconds,9:N0} in/s, {outputs / seconds,9:N0} out/s, {cpuSeconds:F2} CPU-s, " +
            $"{(GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)Math.Max(1, count + outputs):N0} B allocated per record in or out"));
    }

    private static long SubscriptionCount(TopologyTestDriver driver) =>
        driver.GetKeyValueStore<byte[], Pulse.Streams.Internal.Dsl.Processors.ForeignKeyJoin.SubscriptionWrapper>("enrich-subscription-store").ApproximateNumEntries;

    private static int Int(string value) => int.Parse(value, CultureInfo.InvariantCulture);
}
