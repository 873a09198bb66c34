using Avro.Specific;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using Pulse.Schemas.Internal;
using Pulse.Schemas.Registry;

namespace Pulse.Schemas;

/// <summary>
/// Serializers and deserializers for the generated records in Confluent's wire format (magic byte 0,
/// 4-byte big-endian schema id, Avro binary), and the registry they resolve schema ids against.
/// </summary>
/// <remarks>
/// The bytes are exactly those of Confluent's <see cref="AvroSerializer{T}"/>, and each side reads
/// the other's (Schemas.Tests prove it), but the serdes are synchronous: Confluent's 2.14 Avro serdes
/// never complete synchronously, so behind <c>AsSyncOverAsync()</c> every record would hop to the
/// thread pool and back. Here the registry is asked once per topic (serializer) or schema id
/// (deserializer), and a record costs Avro's encoding and the array the Kafka interfaces return.
/// The encoding of a generated record is its generated codec's (<c>Generated/Codecs</c>: typed
/// properties straight to bytes, no boxing, byte for byte what Apache.Avro's specific writer
/// writes); it also reads records written with the record's own schema. Records written with
/// another schema (an older or newer version) are resolved by Apache.Avro's specific reader, as
/// Confluent's serdes do.
/// </remarks>
public static class AvroSerdes
{
    /// <summary>
    /// The registry "URL" that asks <see cref="Registry"/> for an <see cref="InProcessSchemaRegistry"/>
    /// (as do null and empty): <c>inprocess</c>, in any case.
    /// </summary>
    public const string InProcess = "inprocess";

    /// <summary>
    /// A serializer for the generated record <typeparamref name="T"/>. With the default
    /// <paramref name="config"/> it registers the record's schema under <c>&lt;topic&gt;-value</c>
    /// (or <c>-key</c>) on the first record for a topic and caches the id. Honoured settings:
    /// <c>AutoRegisterSchemas</c> (false: look the schema up), <c>UseLatestVersion</c>,
    /// <c>UseSchemaId</c>, <c>NormalizeSchemas</c>, <c>BufferBytes</c> and <c>SubjectNameStrategy</c>
    /// (default Topic; Confluent's own default, Associated, asks the registry for topic associations
    /// first, which older registries lack). Schema ids in headers and <c>UseLatestWithMetadata</c>
    /// throw <see cref="NotSupportedException"/>. Thread-safe; create one per type and reuse it.
    /// </summary>
    public static ISerializer<T> Serializer<T>(ISchemaRegistryClient registry, AvroSerializerConfig? config = null)
        where T : ISpecificRecord
    {
        ArgumentNullException.ThrowIfNull(registry);
        return new WireFormatSerializer<T>(registry, config ?? new AvroSerializerConfig());
    }

    /// <summary>
    /// A deserializer for the generated record <typeparamref name="T"/>: reads records written with
    /// any schema the registry knows that resolves to <typeparamref name="T"/>'s (Avro schema
    /// resolution: fields the reader lacks are skipped, fields the writer lacks take their defaults).
    /// Null bytes are a null record. Bytes it cannot read throw <see cref="AvroPayloadException"/> (dead-letter
    /// the record); a registry it cannot reach throws the registry's own exception (retry or fail, the
    /// record may be fine). Thread-safe; reuse it.
    /// </summary>
    public static IDeserializer<T> Deserializer<T>(ISchemaRegistryClient registry)
        where T : ISpecificRecord
    {
        ArgumentNullException.ThrowIfNull(registry);
        return new WireFormatDeserializer<T>(registry);
    }

    /// <summary>
    /// The registry client for <paramref name="url"/>: an <see cref="InProcessSchemaRegistry.Seeded"/>
    /// registry when it is null, empty or <see cref="InProcess"/>; otherwise Confluent's
    /// <see cref="CachedSchemaRegistryClient"/> for one or more comma-separated http(s) URLs, with
    /// <paramref name="settings"/> passed through (Confluent's <c>schema.registry.*</c> keys, e.g.
    /// <c>schema.registry.basic.auth.user.info</c>; <paramref name="url"/> overrides
    /// <c>schema.registry.url</c>). Secrets in the settings or the URL never appear in messages.
    /// Each call makes a new client: share one per process (two in-process registries agree on the
    /// seeded ids only, not on schemas registered later).
    /// </summary>
    /// <exception cref="ArgumentException">A URL is not an absolute http or https URL.</exception>
    public static ISchemaRegistryClient Registry(string? url, IDictionary<string, string>? settings = null)
    {
        if (string.IsNullOrWhiteSpace(url) || string.Equals(url.Trim(), InProcess, StringComparison.OrdinalIgnoreCase))
            return InProcessSchemaRegistry.Seeded();

        var urls = url.Split(',', StringSplitOptions.TrimEntries);
        foreach (var one in urls)
            if (!Uri.TryCreate(one, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                throw new ArgumentException(
                    $"Schema Registry URL '{Redacted(one)}' is not an absolute http:// or https:// URL; " +
                    $"use '{InProcess}' (or leave it empty) for the in-process registry.", nameof(url));

        var config = new Dictionary<string, string>(settings ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            [SchemaRegistryConfig.PropertyNames.SchemaRegistryUrl] = string.Join(',', urls),
        };
        return new CachedSchemaRegistryClient(config);
    }

    /// <summary><paramref name="url"/> with any user info (<c>user:password@</c>) masked.</summary>
    private static string Redacted(string url)
    {
        var at = url.LastIndexOf('@');
        if (at < 0)
            return url;
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        var start = scheme >= 0 && scheme < at ? scheme + 3 : 0;
        return string.Concat(url.AsSpan(0, start), "***", url.AsSpan(at));
    }
}
