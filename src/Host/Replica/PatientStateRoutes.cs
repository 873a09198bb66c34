using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Pulse.Host.Observability;
using Pulse.Streams;
using Pulse.Streams.Errors;
using Pulse.Streams.Serialization;
using Pulse.Vitals;

namespace Pulse.Host.Replica;

/// <summary>
/// <c>GET /state/patients/{id}</c> on <c>pulse run</c>: Kafka Streams' interactive queries over HTTP.
/// The replica that holds the patient (by <see cref="KafkaStreams.QueryMetadataForKeyAsync{TKey}"/>)
/// answers from its stores (<see cref="VitalsState"/>); another forwards the request to it, once, by
/// its <c>application.server</c> address, and relays the answer. 200 with the state and
/// <c>servedBy</c>; 404 when the holder knows nothing of the patient; 503 while a rebalance moves the key
/// (retry).
/// </summary>
internal sealed class PatientStateRoutes(KafkaStreams streams, StreamsConfig config, IOptions<VitalsOptions> vitals) : IHttpRoutes
{
    private static readonly HttpClient SharedClient = new() { Timeout = TimeSpan.FromSeconds(5) };

    public string Paths => "/state/patients/{id}";

    public void Map(IEndpointRouteBuilder routes) => routes.MapGet("/state/patients/{id}", AnswerAsync);

    private async Task AnswerAsync(HttpContext context, string id)
    {
        KeyQueryMetadata holder;
        try
        {
            holder = await streams.QueryMetadataForKeyAsync(VitalsTopology.RollingStore, id, Serdes.String, context.RequestAborted).ConfigureAwait(false);
        }
        catch (StreamsConfigException e)
        {
            await Write(context, HttpStatusCode.NotImplemented, new { error = e.Message }).ConfigureAwait(false);
            return;
        }
        catch (InvalidStateStoreException e)
        {
            await Write(context, HttpStatusCode.ServiceUnavailable, new { error = e.Message, retry = true }).ConfigureAwait(false);
            return;
        }
        var self = config.ApplicationServer;
        if (string.Equals(holder.ActiveHost.ToString(), self, StringComparison.Ordinal))
        {
            await Local(context, id, self).ConfigureAwait(false);
            return;
        }
        if (context.Request.Query.ContainsKey("forwarded"))
        {
            await Write(context, HttpStatusCode.ServiceUnavailable, new { error = $"{id} moved to {holder.ActiveHost}; ask again", retry = true }).ConfigureAwait(false);
            return;
        }
        await Forward(context, id, holder.ActiveHost).ConfigureAwait(false);
    }

    private async Task Local(HttpContext context, string id, string? self)
    {
        PatientState? state;
        try
        {
            state = VitalsState.Patient(streams, id, vitals.Value.Rolling.Window);
        }
        catch (InvalidStateStoreException e)
        {
            await Write(context, HttpStatusCode.ServiceUnavailable, new { error = e.Message, retry = true }).ConfigureAwait(false);
            return;
        }
        if (state is null) await Write(context, HttpStatusCode.NotFound, new { error = $"no state of patient {id}", servedBy = self }).ConfigureAwait(false);
        else await Write(context, HttpStatusCode.OK, new { servedBy = self, state.PatientId, state.Latest, state.Rolling, state.Alerts }).ConfigureAwait(false);
    }

    private async Task Forward(HttpContext context, string id, HostInfo holder)
    {
        var client = SharedClient;
        var url = new Uri($"http://{holder}/state/patients/{Uri.EscapeDataString(id)}?forwarded=1");
        try
        {
            using var response = await client.GetAsync(url, context.RequestAborted).ConfigureAwait(false);
            context.Response.StatusCode = (int)response.StatusCode;
            context.Response.ContentType = "application/json; charset=utf-8";
            context.Response.Headers["X-Pulse-Forwarded-From"] = config.ApplicationServer;
            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            await Write(context, HttpStatusCode.BadGateway, new { error = $"{holder} holds {id} but did not answer: {e.Message}", retry = true }).ConfigureAwait(false);
        }
    }

    private static Task Write(HttpContext context, HttpStatusCode status, object body)
    {
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, Dashboard.DashboardJson.Options), context.RequestAborted);
    }
}
