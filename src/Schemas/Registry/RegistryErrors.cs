using System.Net;
using Confluent.SchemaRegistry;

namespace Pulse.Schemas.Registry;

/// <summary>
/// The errors a Confluent Schema Registry answers with, as the <see cref="SchemaRegistryException"/>s
/// <see cref="CachedSchemaRegistryClient"/> throws for them, so callers handle both registries alike.
/// Status and error codes are Confluent's (40401 subject not found, 40402 version not found,
/// 40403 schema not found, 409 incompatible, 42201 invalid schema).
/// </summary>
internal static class RegistryErrors
{
    public static SchemaRegistryException SubjectNotFound(string subject) =>
        new($"Subject '{subject}' not found in the in-process schema registry", HttpStatusCode.NotFound, 40401);

    public static SchemaRegistryException VersionNotFound(string subject, int version) =>
        new($"Version {version} of subject '{subject}' not found in the in-process schema registry", HttpStatusCode.NotFound, 40402);

    public static SchemaRegistryException SchemaIdNotFound(int id, int count) =>
        new($"Schema id {id} not found in the in-process schema registry, which holds ids 1..{count}; " +
            "the record was written against another registry, or is not in Confluent's wire format",
            HttpStatusCode.NotFound, 40403);

    public static SchemaRegistryException SchemaGuidNotFound(string guid) =>
        new($"Schema guid '{guid}' not found in the in-process schema registry", HttpStatusCode.NotFound, 40403);

    public static SchemaRegistryException SchemaNotUnderSubject(string subject) =>
        new($"The schema is not registered under subject '{subject}' in the in-process schema registry", HttpStatusCode.NotFound, 40403);

    public static SchemaRegistryException Incompatible(string subject, Compatibility level, int version) =>
        new($"Schema being registered is incompatible with version {version} of subject '{subject}' " +
            $"under compatibility {level}", HttpStatusCode.Conflict, 409);

    public static SchemaRegistryException InvalidSchema(Exception parseError) =>
        new($"Invalid Avro schema: {parseError.Message}", HttpStatusCode.UnprocessableEntity, 42201);

    public static NotSupportedException NotSupported(string what) =>
        new($"The in-process schema registry does not support {what}; use a Confluent Schema Registry (a URL) for it.");
}
