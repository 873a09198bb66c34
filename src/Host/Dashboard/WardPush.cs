using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Pulse.Host.Dashboard;

/// <summary>
/// Pushes the ward's changes to every open page as Server-Sent Events: every
/// <see cref="DashboardOptions.PushInterval"/>, one <c>tiles</c> event with each changed tile once (its
/// new trend points only) and one <c>episodes</c> event, so a tile repaints a few times a second at most
/// however fast readings come. A page too slow to keep up (64 messages behind) is dropped; its browser
/// reconnects and starts again from a snapshot.
/// </summary>
internal sealed class WardPush(WardModel ward, IOptions<DashboardOptions> options, TimeProvider time) : BackgroundService
{
    private const int MaxBehind = 64;
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);
    private readonly ConcurrentDictionary<Channel<string>, bool> _pages = new();

    /// <summary>Pages listening now.</summary>
    public int Pages => _pages.Count;

    /// <summary>A page's stream of events (SSE text, each ending with a blank line); dispose it to leave.</summary>
    public Subscription Subscribe()
    {
        var channel = Channel.CreateBounded<string>(new BoundedChannelOptions(MaxBehind) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        _pages[channel] = true;
        return new Subscription(channel.Reader, () => _pages.TryRemove(channel, out _));
    }

    /// <summary>The SSE text of an event.</summary>
    public static string Event(string name, object data) => $"event: {name}\ndata: {JsonSerializer.Serialize(data, DashboardJson.Options)}\n\n";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PushInterval, time);
        var quiet = TimeSpan.Zero;
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            if (ward.TakeChanges() is not { } changes)
            {
                quiet += options.Value.PushInterval;
                if (quiet < KeepAlive) continue;
                Send(": keep-alive\n\n");
                quiet = TimeSpan.Zero;
                continue;
            }
            quiet = TimeSpan.Zero;
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            if (changes.Tiles.Count > 0) Send(Event("tiles", new { serverTime = now, tiles = changes.Tiles }));
            if (changes.Episodes.Count > 0) Send(Event("episodes", new { serverTime = now, episodes = changes.Episodes }));
        }
    }

    private void Send(string message)
    {
        foreach (var page in _pages.Keys)
        {
            if (page.Writer.TryWrite(message)) continue;
            page.Writer.TryComplete(); // too far behind: the browser reconnects and reloads
            _pages.TryRemove(page, out _);
        }
    }

    /// <summary>One page's events.</summary>
    public sealed class Subscription(ChannelReader<string> reader, Action leave) : IDisposable
    {
        public ChannelReader<string> Reader { get; } = reader;

        public void Dispose() => leave();
    }
}
