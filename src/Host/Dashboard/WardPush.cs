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
internal sealed class WardPush(WardModel ward, AreaModel area, IOptions<DashboardOptions> options, TimeProvider time) : BackgroundService
{
    private const int MaxBehind = 64;
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);
    private readonly ConcurrentDictionary<Channel<string>, bool> _pages = new(); // the value: whether the page shows the area

    /// <summary>Pages listening now.</summary>
    public int Pages => _pages.Count;

    /// <summary>A page's stream of events (SSE text, each ending with a blank line); dispose it to leave.</summary>
    /// <summary>A page's stream: the ward's changes, or with <paramref name="area"/> the area's and the episodes'.</summary>
    public Subscription Subscribe(bool area = false)
    {
        var channel = Channel.CreateBounded<string>(new BoundedChannelOptions(MaxBehind) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        _pages[channel] = area;
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
            var areaChanges = area.TakeChanges();
            if (areaChanges is { } a)
            {
                var at = time.GetUtcNow().ToUnixTimeMilliseconds();
                Send(Event("area", new { serverTime = at, vehicles = a.Vehicles, orders = a.Orders }), toArea: true, toWard: false);
            }
            if (ward.TakeChanges() is not { } changes)
            {
                if (areaChanges is not null)
                {
                    quiet = TimeSpan.Zero;
                    continue;
                }
                quiet += options.Value.PushInterval;
                if (quiet < KeepAlive) continue;
                Send(": keep-alive\n\n", toArea: true, toWard: true);
                quiet = TimeSpan.Zero;
                continue;
            }
            quiet = TimeSpan.Zero;
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            if (changes.Tiles.Count > 0) Send(Event("tiles", new { serverTime = now, tiles = changes.Tiles }), toArea: false, toWard: true);
            if (changes.Episodes.Count > 0) Send(Event("episodes", new { serverTime = now, episodes = changes.Episodes }), toArea: true, toWard: true);
        }
    }

    private void Send(string message, bool toArea, bool toWard)
    {
        foreach (var (page, showsArea) in _pages)
        {
            if (showsArea ? !toArea : !toWard) continue;
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
