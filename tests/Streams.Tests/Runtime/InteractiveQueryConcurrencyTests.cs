using Pulse.Streams.Dsl;
using Pulse.Streams.Errors;
using Pulse.Streams.State;
using Pulse.Streams.Testing;
using Pulse.Streams.Tests.TestSupport;
using Pulse.Streams.Serialization;

namespace Pulse.Streams.Tests.Runtime;

public class InteractiveQueryConcurrencyTests
{
    private const int Keys = 50;

    [Fact]
    public async Task QueriesDuringProcessingAndClose_SeeEachCountOnlyGrow_AndThenInvalidStateStore()
    {
        using var cluster = EmbeddedKafkaCluster.Start(brokers: 1);
        cluster.CreateTopic("iqc-in", 3);
        using var state = new KafkaTestKit.TempDir();
        var builder = new StreamsBuilder();
        builder.Stream("iqc-in", Consumed.With(Serdes.String, Serdes.String)).GroupByKey()
            .Count(Materialized.As<string, long>("counts").WithCachingDisabled().WithStoreType(StoreType.InMemory));
        var config = KafkaTestKit.Config(cluster, "iqc-app", state.Path);
        config.CommitInterval = TimeSpan.FromMilliseconds(50);
        var streams = new KafkaStreams(builder.Build(), config);
        streams.Start();
        Wait.Until(() => streams.State == KafkaStreamsState.Running, TimeSpan.FromSeconds(60), "the instance to run");

        var unexpected = new List<Exception>();
        long reads = 0, refused = 0;
        var last = new Dictionary<string, long>();
        using var stop = new CancellationTokenSource();
        var reader = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var store = streams.Store<IReadOnlyKeyValueStore<string, long>>("counts");
                    // A key's count never goes down; a key may vanish when its task leaves this instance (at close).
                    foreach (var (key, count) in store.All())
                    {
                        if (count < last.GetValueOrDefault(key)) throw new InvalidOperationException($"the count of {key} went down from {last[key]} to {count}");
                        last[key] = count;
                    }
                    store.TryGet("key-7", out _);
                    reads++;
                }
                catch (InvalidStateStoreException)
                {
                    refused++;
                }
                catch (Exception ex)
                {
                    lock (unexpected) unexpected.Add(ex);
                    return;
                }
            }
        });

        for (var batch = 0; batch < 5; batch++)
            KafkaTestKit.Produce(cluster, "iqc-in", Enumerable.Range(0, 1_000).Select(i => ($"key-{i % Keys}", "v", 1_700_000_000_000L + batch * 1_000 + i)));
        var store = streams.Store<IReadOnlyKeyValueStore<string, long>>("counts");
        Wait.Until(() => store.All().Sum(kv => kv.Value) == 5_000, TimeSpan.FromSeconds(60), "every record to be counted");
        Wait.Until(() => Interlocked.Read(ref reads) > 10, TimeSpan.FromSeconds(30), "the reader to read while records were processed");

        await streams.CloseAsync(TimeSpan.FromSeconds(30));
        var refusedAtClose = Interlocked.Read(ref refused);
        Wait.Until(() => Interlocked.Read(ref refused) > refusedAtClose || unexpected.Count > 0, TimeSpan.FromSeconds(10), "a read after close to be refused");
        await stop.CancelAsync();
        await reader;

        Assert.Empty(unexpected);
        Assert.Throws<InvalidStateStoreException>(() => store.Get("key-7"));
    }
}
