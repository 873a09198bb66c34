using System.Net;
using Confluent.SchemaRegistry;
using AvroSchema = Avro.Schema;

namespace Pulse.Schemas.Registry;

/// <summary>
/// A schema registry that lives in the process: Confluent's <see cref="ISchemaRegistryClient"/>
/// over an in-memory store, for the embedded mode and tests, where no Schema Registry runs.
/// </summary>
/// <remarks>
/// <para><see cref="Seeded"/> registers the records of <see cref="SchemaCatalog.Records"/> first, in
/// <see cref="SchemaCatalog.FileOrder"/>, as ids 1..n, so separate processes give the same schema
/// the same id and read each other's records. Registering a seeded schema under any subject returns
/// its seeded id; a schema it has not seen gets the next free id. Schemas are the same when Avro
/// renders them the same (whitespace and attribute order do not matter; docs and defaults do).</para>
/// <para>Registration checks compatibility against the subject's versions, as Confluent's registry
/// does (default <see cref="Compatibility.Backward"/>, settable per subject), and errors are
/// <see cref="SchemaRegistryException"/>s with Confluent's status and error codes. Avro only; schema
/// references, metadata, rule sets and associations are not supported. Thread-safe: lookups by id
/// take no lock.</para>
/// </remarks>
public sealed class InProcessSchemaRegistry : ISchemaRegistryClient
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, StoredSchema> byText = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StoredSchema> byGuid = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<StoredSchema>> subjects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Compatibility> subjectCompatibility = new(StringComparer.Ordinal);
    private Compatibility compatibility = Compatibility.Backward;
    private volatile StoredSchema[] byId = []; // index id - 1; replaced, never changed, under gate

    /// <summary>
    /// A registry holding the records of <c>avro/</c> as ids 1..n in <see cref="SchemaCatalog.FileOrder"/>,
    /// each also registered as version 1 of a subject named by its full name (e.g.
    /// <c>pulse.vitals.VitalReading</c>, the subject of Confluent's record-name strategy).
    /// </summary>
    public static InProcessSchemaRegistry Seeded()
    {
        var registry = new InProcessSchemaRegistry();
        foreach (var record in SchemaCatalog.Records)
            registry.Register(record.Fullname, record.ToString());
        return registry;
    }

    /// <summary>The id each seeded record has in every <see cref="Seeded"/> registry, by full name.</summary>
    public static IReadOnlyDictionary<string, int> SeededIds { get; } =
        SchemaCatalog.Records.Select((record, i) => (record.Fullname, Id: i + 1)).ToDictionary(p => p.Fullname, p => p.Id);

    /// <summary>No settings: the in-process registry has none.</summary>
    public IEnumerable<KeyValuePair<string, string>> Config => [];

    /// <summary>Null: nothing to authenticate against.</summary>
    public IAuthenticationHeaderValueProvider? AuthHeaderProvider => null;

    /// <summary>Null: no network.</summary>
    public IWebProxy? Proxy => null;

    /// <summary>The number of schemas Confluent's serdes may cache per serde, Confluent's default.</summary>
    public int MaxCachedSchemas => 1000;

    /// <summary>Registers <paramref name="avroSchema"/> under <paramref name="subject"/>; returns its id.</summary>
    public Task<int> RegisterSchemaAsync(string subject, string avroSchema, bool normalize = false) =>
        Task.FromResult(Register(subject, avroSchema).Id);

    /// <summary>Registers <paramref name="schema"/> under <paramref name="subject"/>; returns its id.</summary>
    public Task<int> RegisterSchemaAsync(string subject, Schema schema, bool normalize = false) =>
        Task.FromResult(Register(subject, TextOf(schema)).Id);

    /// <summary>Registers <paramref name="schema"/> under <paramref name="subject"/>; returns it with its id and version.</summary>
    public Task<RegisteredSchema> RegisterSchemaWithResponseAsync(string subject, Schema schema, bool normalize = false)
    {
        var stored = Register(subject, TextOf(schema));
        lock (gate)
            return Task.FromResult(stored.Under(subject, subjects[subject].IndexOf(stored) + 1));
    }

    /// <summary>The id of <paramref name="avroSchema"/>, which must be registered under <paramref name="subject"/>.</summary>
    public Task<int> GetSchemaIdAsync(string subject, string avroSchema, bool normalize = false) =>
        Task.FromResult(Lookup(subject, avroSchema).Id);

    /// <summary>The id of <paramref name="schema"/>, which must be registered under <paramref name="subject"/>.</summary>
    public Task<int> GetSchemaIdAsync(string subject, Schema schema, bool normalize = false) =>
        Task.FromResult(Lookup(subject, TextOf(schema)).Id);

    /// <summary>The schema with id <paramref name="id"/>; <paramref name="format"/> is ignored (it only matters for Protobuf).</summary>
    public Task<Schema> GetSchemaAsync(int id, string? format = null) => ById(id).Lookup;

    /// <summary>The schema with id <paramref name="id"/>; ids are global, so <paramref name="subject"/> is not needed.</summary>
    public Task<Schema> GetSchemaBySubjectAndIdAsync(string? subject, int id, string? format = null) => ById(id).Lookup;

    /// <summary>The schema with guid <paramref name="guid"/> (a hash of the schema, the same in every process).</summary>
    public Task<Schema> GetSchemaByGuidAsync(string guid, string? format = null)
    {
        lock (gate)
            return byGuid.TryGetValue(guid, out var stored) ? stored.Lookup : throw RegistryErrors.SchemaGuidNotFound(guid);
    }

    /// <summary><paramref name="schema"/> as registered under <paramref name="subject"/>, with its id and version.</summary>
    public Task<RegisteredSchema> LookupSchemaAsync(string subject, Schema schema, bool ignoreDeletedSchemas, bool normalize = false)
    {
        var stored = Lookup(subject, TextOf(schema));
        lock (gate)
            return Task.FromResult(stored.Under(subject, subjects[subject].IndexOf(stored) + 1));
    }

    /// <summary>Version <paramref name="version"/> of <paramref name="subject"/>; -1 is the latest.</summary>
    public Task<RegisteredSchema> GetRegisteredSchemaAsync(string subject, int version, bool ignoreDeletedSchemas = true) =>
        Task.FromResult(Version(subject, version));

    /// <summary>The text of version <paramref name="version"/> of <paramref name="subject"/>; -1 is the latest.</summary>
    public Task<string> GetSchemaAsync(string subject, int version) =>
        Task.FromResult(Version(subject, version).SchemaString);

    /// <summary>The latest version of <paramref name="subject"/>.</summary>
    public Task<RegisteredSchema> GetLatestSchemaAsync(string subject) => Task.FromResult(Version(subject, -1));

    /// <summary>Not supported: the in-process registry keeps no metadata.</summary>
    public Task<RegisteredSchema> GetLatestWithMetadataAsync(string subject, IDictionary<string, string> metadata, bool ignoreDeletedSchemas) =>
        throw RegistryErrors.NotSupported("schema metadata (use.latest.with.metadata)");

    /// <summary>Every subject with a version.</summary>
    public Task<List<string>> GetAllSubjectsAsync()
    {
        lock (gate)
            return Task.FromResult(subjects.Keys.Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>The versions of <paramref name="subject"/>, 1..n.</summary>
    public Task<List<int>> GetSubjectVersionsAsync(string subject)
    {
        lock (gate)
            return subjects.TryGetValue(subject, out var versions)
                ? Task.FromResult(Enumerable.Range(1, versions.Count).ToList())
                : throw RegistryErrors.SubjectNotFound(subject);
    }

    /// <summary>Whether <paramref name="avroSchema"/> may be registered under <paramref name="subject"/> given its compatibility level.</summary>
    public Task<bool> IsCompatibleAsync(string subject, string avroSchema) =>
        Task.FromResult(Conflict(subject, Parse(avroSchema)) is null);

    /// <summary>Whether <paramref name="schema"/> may be registered under <paramref name="subject"/> given its compatibility level.</summary>
    public Task<bool> IsCompatibleAsync(string subject, Schema schema) =>
        Task.FromResult(Conflict(subject, Parse(TextOf(schema))) is null);

    /// <summary>Confluent's topic-name strategy: <c>&lt;topic&gt;-key</c>.</summary>
    public string ConstructKeySubjectName(string topic, string? recordType = null) => topic + "-key";

    /// <summary>Confluent's topic-name strategy: <c>&lt;topic&gt;-value</c>.</summary>
    public string ConstructValueSubjectName(string topic, string? recordType = null) => topic + "-value";

    /// <summary>The compatibility level of <paramref name="subject"/>, or the global one when null.</summary>
    public Task<Compatibility> GetCompatibilityAsync(string? subject = null)
    {
        lock (gate)
            return Task.FromResult(LevelOf(subject));
    }

    /// <summary>Sets the compatibility level of <paramref name="subject"/>, or the global one when null.</summary>
    public Task<Compatibility> UpdateCompatibilityAsync(Compatibility compatibility, string? subject = null)
    {
        lock (gate)
        {
            if (subject is null)
                this.compatibility = compatibility;
            else
                subjectCompatibility[subject] = compatibility;
        }
        return Task.FromResult(compatibility);
    }

    /// <summary>Nothing to clear: there is no cache in front of the store.</summary>
    public void ClearLatestCaches() { }

    /// <summary>Nothing to clear: there is no cache in front of the store.</summary>
    public void ClearCaches() { }

    /// <summary>
    /// None: the in-process registry keeps no topic-to-subject associations, so Confluent's associated
    /// subject-name strategy falls back to its default (<c>&lt;topic&gt;-value</c>).
    /// </summary>
    public Task<List<Association>> GetAssociationsByResourceNameAsync(string resourceName, string resourceNamespace, string resourceType,
        List<string> associationTypes, string lifecycle, int offset, int limit) => Task.FromResult(new List<Association>());

    /// <summary>Not supported.</summary>
    public Task<AssociationResponse> CreateAssociationAsync(AssociationCreateOrUpdateRequest request) =>
        throw RegistryErrors.NotSupported("associations");

    /// <summary>Not supported.</summary>
    public Task DeleteAssociationsAsync(string resourceId, string resourceType, List<string> associationTypes, bool cascadeLifecycle) =>
        throw RegistryErrors.NotSupported("associations");

    /// <summary>Nothing to release.</summary>
    public void Dispose() { }

    /// <summary>Says what it is and how many schemas it holds.</summary>
    public override string ToString() => $"in-process schema registry ({byId.Length} schemas)";

    private StoredSchema Register(string subject, string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        var parsed = Parse(text);
        var key = parsed.ToString();
        lock (gate)
        {
            if (!subjects.TryGetValue(subject, out var versions))
                subjects[subject] = versions = [];
            if (byText.TryGetValue(key, out var stored) && versions.Contains(stored))
                return stored;
            if (AvroCompatibility.FirstConflict(parsed, versions.ConvertAll(v => v.Parsed), LevelOf(subject)) is { } version)
            {
                if (versions.Count == 0)
                    subjects.Remove(subject);
                throw RegistryErrors.Incompatible(subject, LevelOf(subject), version);
            }
            stored ??= Add(parsed, key);
            versions.Add(stored);
            return stored;
        }
    }

    private StoredSchema Add(AvroSchema parsed, string key)
    {
        var stored = new StoredSchema(byId.Length + 1, parsed);
        byText[key] = stored;
        byGuid[stored.Guid] = stored;
        byId = [.. byId, stored];
        return stored;
    }

    private StoredSchema Lookup(string subject, string text)
    {
        var key = Parse(text).ToString();
        lock (gate)
        {
            if (!subjects.TryGetValue(subject, out var versions))
                throw RegistryErrors.SubjectNotFound(subject);
            return byText.TryGetValue(key, out var stored) && versions.Contains(stored)
                ? stored
                : throw RegistryErrors.SchemaNotUnderSubject(subject);
        }
    }

    private StoredSchema ById(int id)
    {
        var all = byId;
        return (uint)(id - 1) < (uint)all.Length ? all[id - 1] : throw RegistryErrors.SchemaIdNotFound(id, all.Length);
    }

    private RegisteredSchema Version(string subject, int version)
    {
        lock (gate)
        {
            if (!subjects.TryGetValue(subject, out var versions))
                throw RegistryErrors.SubjectNotFound(subject);
            var number = version == -1 ? versions.Count : version;
            return number >= 1 && number <= versions.Count
                ? versions[number - 1].Under(subject, number)
                : throw RegistryErrors.VersionNotFound(subject, version);
        }
    }

    private int? Conflict(string subject, AvroSchema candidate)
    {
        lock (gate)
        {
            var earlier = subjects.TryGetValue(subject, out var versions) ? versions.ConvertAll(v => v.Parsed) : [];
            return AvroCompatibility.FirstConflict(candidate, earlier, LevelOf(subject));
        }
    }

    private Compatibility LevelOf(string? subject) =>
        subject is not null && subjectCompatibility.TryGetValue(subject, out var level) ? level : compatibility;

    private static string TextOf(Schema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (schema.SchemaType != SchemaType.Avro)
            throw RegistryErrors.NotSupported($"{schema.SchemaType} schemas (it holds Avro only)");
        if (schema.References is { Count: > 0 })
            throw RegistryErrors.NotSupported("schema references (register self-contained schemas)");
        return schema.SchemaString;
    }

    private static AvroSchema Parse(string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        try
        {
            return AvroSchema.Parse(text) ?? throw new Avro.SchemaParseException("it names no known type");
        }
        catch (Exception e) when (e is not OutOfMemoryException) // Avro's parser throws more than AvroException on bad JSON
        {
            throw RegistryErrors.InvalidSchema(e);
        }
    }
}
