using System.Globalization;
using System.Text.Json;
using Confluent.Kafka;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using pulse.vitals;
using Pulse.Host.AlertTail;

namespace Pulse.Host.Dashboard;

/// <summary>
/// The dashboard's JSON API under <c>/api</c>: the ward (whole, and pushed as Server-Sent Events),
/// acknowledging an episode (a same-origin JSON POST: a page of another site cannot make one), a
/// patient's tile, live state, trends and alert events, and the daily statistics. Everything else is read-only.
/// </summary>
internal static class DashboardApi
{
    public static void Map(IEndpointRouteBuilder api, IServiceProvider services)
    {
        var ward = services.GetRequiredService<WardModel>();
        var area = services.GetRequiredService<AreaModel>();
        var push = services.GetRequiredService<WardPush>();
        var history = services.GetService<PatientHistory>();
        var state = services.GetRequiredService<StateClient>();
        var acks = services.GetRequiredService<Func<AlertAckProducer>>();
        var time = services.GetRequiredService<TimeProvider>();

        api.MapGet("/api/ward", Task (HttpContext context) => Json(context, 200, ward.Snapshot()));
        api.MapGet("/api/events", Task (HttpContext context) => EventsAsync(context, ward, push, null));
        api.MapGet("/api/area/events", Task (HttpContext context) => EventsAsync(context, ward, push, area));
        api.MapGet("/api/area", Task (HttpContext context) => Json(context, 200, area.Snapshot()));
        api.MapPost("/api/acks", Task (HttpContext context) => AcknowledgeAsync(context, acks, time));
        api.MapGet("/api/patients/{id}", async Task (HttpContext context, string id) =>
        {
            var (status, json) = state.Configured ? await state.PatientAsync(id, context.RequestAborted).ConfigureAwait(false) : (0, "null");
            var body = new { patientId = id, tile = ward.Tile(id), state = JsonDocument.Parse(json).RootElement, stateStatus = status };
            await Json(context, 200, body).ConfigureAwait(false);
        });
        api.MapGet("/api/patients/{id}/trends", Task (HttpContext context, string id) =>
            FromDatabase(context, history, h => h.TrendsAsync(id, Number(context, "hours", 6, 0.05, 24 * 7), context.RequestAborted)));
        api.MapGet("/api/patients/{id}/episodes", Task (HttpContext context, string id) =>
            FromDatabase(context, history, h => h.EpisodesAsync(id, context.RequestAborted)));
#pragma warning disable ASP0016 // the analyzer takes the query lambda inside for the request delegate; the delegate returns Task
        api.MapGet("/api/daily", Task (HttpContext context) =>
            FromDatabase(context, history, h => h.DailyAsync((int)Number(context, "days", 7, 1, 366), context.RequestAborted)));
#pragma warning restore ASP0016
    }

    /// <summary>
    /// The ward's events for one page: a snapshot first (again after every reconnection), then each push; with <paramref name="area"/>,
    /// the area's snapshot and changes, and the episodes, instead of the tiles.
    /// </summary>
    private static async Task EventsAsync(HttpContext context, WardModel ward, WardPush push, AreaModel? area)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        using var subscription = push.Subscribe(area is not null); // first, so nothing falls between the snapshot and the pushes
        var snapshot = ward.Snapshot();
        var first = area is null ? WardPush.Event("snapshot", snapshot)
            : WardPush.Event("snapshot", new { area = area.Snapshot(), episodes = snapshot.Episodes });
        await context.Response.WriteAsync("retry: 1000\n" + first, context.RequestAborted).ConfigureAwait(false);
        await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        try
        {
            await foreach (var message in subscription.Reader.ReadAllAsync(context.RequestAborted).ConfigureAwait(false))
            {
                await context.Response.WriteAsync(message, context.RequestAborted).ConfigureAwait(false);
                await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // the page went away
        }
    }

    private sealed record AckRequest(string? PatientId, string? EpisodeId, string? By, string? Note);

    private static async Task AcknowledgeAsync(HttpContext context, Func<AlertAckProducer> acks, TimeProvider time)
    {
        if (!SameOrigin(context.Request))
        {
            await Json(context, 403, new { error = "acknowledge from the dashboard's own page (same-origin JSON POST)" }).ConfigureAwait(false);
            return;
        }
        AckRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<AckRequest>(context.Request.Body, DashboardJson.Options, context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            await Json(context, 400, new { error = $"not an acknowledgement: {e.Message}" }).ConfigureAwait(false);
            return;
        }
        if (string.IsNullOrWhiteSpace(request?.PatientId) || request.PatientId.Length > 128 || request.By is { Length: > 200 } || request.Note is { Length: > 1000 })
        {
            await Json(context, 400, new { error = "patientId (at most 128 characters) is required; by at most 200, note at most 1000" }).ConfigureAwait(false);
            return;
        }
        var ack = new AlertAck
        {
            patient_id = request.PatientId, episode_id = string.IsNullOrWhiteSpace(request.EpisodeId) ? null : request.EpisodeId,
            acknowledged_by = string.IsNullOrWhiteSpace(request.By) ? "ward dashboard" : request.By.Trim(), note = request.Note,
            timestamp = time.GetUtcNow().UtcDateTime,
        };
        try
        {
            var result = await acks().PublishAsync(ack, context.RequestAborted).ConfigureAwait(false);
            await Json(context, 202, new { patientId = ack.patient_id, episodeId = ack.episode_id, partition = result.Partition.Value, offset = result.Offset.Value })
                .ConfigureAwait(false);
        }
        catch (ProduceException<string, AlertAck> e)
        {
            await Json(context, 503, new { error = $"Kafka did not take the acknowledgement: {e.Error.Reason}" }).ConfigureAwait(false);
        }
    }

    /// <summary>A POST from a page of this very server: JSON, with an Origin equal to the request's own (and the browser's fetch metadata agreeing).</summary>
    internal static bool SameOrigin(HttpRequest request)
    {
        if (!(request.ContentType ?? "").StartsWith("application/json", StringComparison.OrdinalIgnoreCase)) return false;
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0 && site != "same-origin") return false;
        return Uri.TryCreate(request.Headers.Origin.ToString(), UriKind.Absolute, out var origin)
            && origin.Scheme == request.Scheme
            && string.Equals(origin.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task FromDatabase(HttpContext context, PatientHistory? history, Func<PatientHistory, Task<object>> query)
    {
        if (history is null)
        {
            await Json(context, 503, new { error = "no PostgreSQL configured: start the dashboard with --postgres" }).ConfigureAwait(false);
            return;
        }
        try
        {
            await Json(context, 200, await query(history).ConfigureAwait(false)).ConfigureAwait(false);
        }
        catch (Npgsql.NpgsqlException e)
        {
            await Json(context, 503, new { error = $"PostgreSQL: {e.Message}" }).ConfigureAwait(false);
        }
    }

    private static double Number(HttpContext context, string name, double fallback, double min, double max) =>
        double.TryParse(context.Request.Query[name], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? Math.Clamp(value, min, max)
            : fallback;

    private static Task Json(HttpContext context, int status, object body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        return JsonSerializer.SerializeAsync(context.Response.Body, body, body.GetType(), DashboardJson.Options, context.RequestAborted);
    }
}
