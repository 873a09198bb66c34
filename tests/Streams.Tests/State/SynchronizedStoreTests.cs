using System.Text;
using Pulse.Streams.Errors;
using Pulse.Streams.Internal.State;
using Pulse.Streams.State;
using Pulse.Streams.Tests.TestSupport;

namespace Pulse.Streams.Tests.State;

/// <summary>The key-value contract holds through the lock layer every built store gets.</summary>
public sealed class SynchronizedRocksDbKeyValueStoreTests : KeyValueStoreContractTests
{
    protected override IKeyValueStore<Bytes, byte[]> CreateStore(string name) => new SynchronizedKeyValueStore(Stores.PersistentKeyValueStore(name).Get());
}

public class SynchronizedStoreTests
{
    private static Bytes K(int key) => new(Encoding.UTF8.GetBytes($"k{key:D3}"));

    private static byte[] V(int round) => BitConverter.GetBytes(round);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task QueriesFromAnotherThread_SeeEachFlushWholeOrNotAtAll(bool rocksDb)
    {
        using var context = new TestStoreContext();
        var store = new SynchronizedKeyValueStore(rocksDb ? Stores.PersistentKeyValueStore("s").Get() : Stores.InMemoryKeyValueStore("s").Get());
        store.Init(context, store);
        var done = false;
        var torn = new List<string>();
        var reader = Task.Run(() =>
        {
            var reads = 0;
            while (!Volatile.Read(ref done) || reads == 0)
            {
                var rounds = store.QueryAll().Select(kv => BitConverter.ToInt32(kv.Value)).ToList();
                if (rounds.Count is not (0 or 100) || rounds.Distinct().Count() > 1) torn.Add($"{rounds.Count} entries of rounds {string.Join(",", rounds.Distinct())}");
                reads++;
            }
        });

        for (var round = 1; round <= 300; round++)
        {
            store.BeginBatch();
            for (var k = 0; k < 100; k++) store.Put(K(k), V(round));
            store.CommitBatch();
            store.CommitBatch(); // as a cache flush does in its finally: harmless outside a batch
        }
        Volatile.Write(ref done, true);
        await reader;
        store.Close();

        Assert.Empty(torn);
    }

    [Fact]
    public void Query_AfterClose_ThrowsInvalidStateStoreException_SayingToRetry()
    {
        using var context = new TestStoreContext();
        var store = new SynchronizedWindowStore(Stores.InMemoryWindowStore("w", TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(10)).Get());
        store.Init(context, store);
        store.Put(K(1), V(1), 0);
        Assert.Equal(V(1), store.QueryFetch(K(1), 0));

        store.Close();

        var ex = Assert.Throws<InvalidStateStoreException>(() => store.QueryFetch(K(1), 0, 10_000));
        Assert.Contains("retry", ex.Message, StringComparison.Ordinal);
        Assert.True(ex.IsTransient);
    }

    [Fact]
    public void Query_BeforeInit_ThrowsInvalidStateStoreException()
    {
        var store = new SynchronizedKeyValueStore(Stores.InMemoryKeyValueStore("s").Get());

        Assert.Throws<InvalidStateStoreException>(() => store.QueryGet(K(1)));
    }
}
