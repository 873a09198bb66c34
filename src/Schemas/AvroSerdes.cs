using Avro.Specific;
using Confluent.Kafka;
using Confluent.Kafka.SyncOverAsync;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using Pulse.Schemas.Internal;
using Pulse.Schemas.Registry;

namespace Pulse.Schemas;

/// <summary>
/// Serializers and deserializers for the generated records in Confluent's wire format (magic byte 0,
/// 4-byte big-endian schema id, Avro binary), built on Confluent's <see cref="AvroSerializer{T}"/> and
/// <see cref="AvroDeserializer{T}"/>, and the registry they resolve schema ids against.
/// </summary>
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
    /// (or <c>-key</c>) on first use and caches the id. Without a <c>SubjectNameStrategy</c> in
    /// <paramref name="config"/> it uses Confluent's topic-name strategy (Confluent's own default asks
    /// the registry for topic associations first, which older registries lack). Thread-safe; create
    /// one per type and reuse it.
    /// </summary>
    public static ISerializer<T> Serializer<T>(ISchemaRegistryClient registry, AvroSerializerConfig? config = null)
        where T : ISpecificRecord
    {
        ArgumentNullException.ThrowIfNull(registry);
        var settings = config is null ? new AvroSerializerConfig() : new AvroSerializerConfig(config);
        settings.SubjectNameStrategy ??= SubjectNameStrategy.Topic;
        return new AvroSerializer<T>(registry, settings).AsSyncOverAsync();
    }

    /// <summary>
    /// A deserializer for the generated record <typeparamref name="T"/>: reads records written with
    /// any schema the registry knows that resolves to <typeparamref name="T"/>'s (Avro schema
    /// resolution: fields the reader lacks are skipped, fields the writer lacks take their defaults).
    /// Bytes it cannot read throw <see cref="AvroPayloadException"/>. Thread-safe; reuse it.
    /// </summary>
    public static IDeserializer<T> Deserializer<T>(ISchemaRegistryClient registry)
        where T : ISpecificRecord
    {
        ArgumentNullException.ThrowIfNull(registry);
        var settings = new AvroDeserializerConfig { SubjectNameStrategy = SubjectNameStrategy.Topic };
        return new WireFormatDeserializer<T>(new AvroDeserializer<T>(registry, settings).AsSyncOverAsync());
    }

    /// <summary>
    /// The registry client for <paramref name="url"/>: an <see cref="InProcessSchemaRegistry.Seeded"/>
    /// registry when it is null, empty or <see cref="InProcess"/>; otherwise Confluent's
    /// <see cref="CachedSchemaRegistryClient"/> for one or more comma-separated http(s) URLs, with
    /// <paramref name="settings"/> passed through (Confluent's <c>schema.registry.*</c> keys, e.g.
    /// <c>schema.registry.basic.auth.user.info</c>; <paramref name="url"/> overrides
    /// <c>schema.registry.url</c>). Secrets in the settings or the URL never appear in messages.
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
