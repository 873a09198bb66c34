using System.Net;
using System.Text.Json.Nodes;
using Confluent.SchemaRegistry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pulse.Schemas.Registry;

namespace Pulse.Host.Tests.TestSupport;

/// <summary>
/// A Schema Registry over HTTP on a free loopback port: the part of Confluent's REST API that Confluent's own client
/// (<see cref="CachedSchemaRegistryClient"/>) calls for registering, looking up and reading Avro schemas and setting
/// a subject's compatibility, answered by an <see cref="InProcessSchemaRegistry"/> (its compatibility checks and
/// Confluent's error codes). No Java registry runs on these machines; this stands in for one on the wire.
/// </summary>
internal sealed class HttpSchemaRegistry : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HttpSchemaRegistry(WebApplication app, InProcessSchemaRegistry registry) => (_app, Registry) = (app, registry);

    /// <summary>The registry behind the API, to look at or to prepare.</summary>
    public InProcessSchemaRegistry Registry { get; }

    /// <summary>Requests answered, "METHOD path" each, in order.</summary>
    public List<string> Requests { get; } = [];

    public string Url => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    public static async Task<HttpSchemaRegistry> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var registry = InProcessSchemaRegistry.Seeded();
        var server = new HttpSchemaRegistry(app, registry);
        app.Use(async (context, next) =>
        {
            lock (server.Requests) server.Requests.Add($"{context.Request.Method} {context.Request.Path}");
            try
            {
                await next(context);
            }
            catch (SchemaRegistryException e)
            {
                context.Response.StatusCode = (int)e.Status;
                await context.Response.WriteAsJsonAsync(new JsonObject { ["error_code"] = e.ErrorCode, ["message"] = e.Message });
            }
        });
        app.MapPut("/config/{subject}", async (string subject, HttpRequest request) =>
        {
            var level = Enum.Parse<Compatibility>((string)(await Body(request))["compatibility"]!, ignoreCase: true);
            await registry.UpdateCompatibilityAsync(level, subject);
            return Results.Json(new JsonObject { ["compatibility"] = level.ToString().ToUpperInvariant() });
        });
        app.MapGet("/config/{subject}", async (string subject) =>
            Results.Json(new JsonObject { ["compatibilityLevel"] = (await registry.GetCompatibilityAsync(subject)).ToString().ToUpperInvariant() }));
        app.MapPost("/subjects/{subject}/versions", async (string subject, HttpRequest request) =>
            Results.Json(new JsonObject { ["id"] = await registry.RegisterSchemaAsync(subject, SchemaOf(await Body(request))) }));
        app.MapPost("/subjects/{subject}", async (string subject, HttpRequest request) =>
            Results.Json(Registered(await registry.LookupSchemaAsync(subject, SchemaOf(await Body(request)), ignoreDeletedSchemas: true))));
        app.MapGet("/subjects/{subject}/versions/latest", async (string subject) => Results.Json(Registered(await registry.GetLatestSchemaAsync(subject))));
        app.MapGet("/subjects", async () => Results.Json(await registry.GetAllSubjectsAsync()));
        app.MapGet("/schemas/ids/{id:int}", async (int id) => Results.Json(new JsonObject { ["schema"] = (await registry.GetSchemaAsync(id)).SchemaString }));
        await app.StartAsync();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static async Task<JsonObject> Body(HttpRequest request) =>
        (JsonNode.Parse(await new StreamReader(request.Body).ReadToEndAsync()) as JsonObject) ?? throw new SchemaRegistryException("Bad body", HttpStatusCode.BadRequest, 400);

    private static Schema SchemaOf(JsonObject body) => new((string)body["schema"]!, [], SchemaType.Avro);

    private static JsonObject Registered(RegisteredSchema schema) => new()
    {
        ["subject"] = schema.Subject, ["version"] = schema.Version, ["id"] = schema.Id, ["schema"] = schema.SchemaString,
    };
}
