using System.Reflection;
using Avro;

namespace Pulse.Schemas;

/// <summary>
/// The schemas of <c>avro/</c>, parsed together in a fixed order so that a file may name a
/// type another file defines (a record's enums, <c>EnrichedReading</c>'s <c>VitalReading</c>).
/// The order is also the order an in-process registry registers them in, so separate
/// processes agree on schema ids.
/// </summary>
#if PULSE_SCHEMAS_GENERATOR
internal // linked into the generator, which must not export a second copy
#else
public
#endif
static class SchemaCatalog
{
    /// <summary>The schema files in dependency order: a file only names types of files before it.</summary>
    public static IReadOnlyList<string> FileOrder { get; } =
    [
        "Consciousness.avsc", "VitalStatus.avsc", "News2Risk.avsc",
        "AlertRule.avsc", "AlertSeverity.avsc", "AlertState.avsc", "EpisodeKind.avsc", "VehicleStatus.avsc", "DispatchStatus.avsc",
        "VitalReading.avsc", "EnrichedReading.avsc", "VitalStats.avsc", "AlertFinding.avsc", "Alert.avsc", "AlertAck.avsc",
        "VehiclePosition.avsc", "DispatchOrder.avsc",
    ];

    private static readonly Lazy<IReadOnlyList<NamedSchema>> Embedded = new(() =>
        Parse(FileOrder.Select(ReadEmbedded)));

    /// <summary>Every schema of <see cref="FileOrder"/>, from the copies embedded in this assembly.</summary>
    public static IReadOnlyList<NamedSchema> All => Embedded.Value;

    /// <summary>The records, the types that travel as topic values, in <see cref="FileOrder"/>.</summary>
    public static IEnumerable<RecordSchema> Records => All.OfType<RecordSchema>();

    /// <summary>The schema named <paramref name="fullName"/> (e.g. <c>pulse.vitals.VitalReading</c>).</summary>
    public static NamedSchema Get(string fullName) =>
        All.FirstOrDefault(s => s.Fullname == fullName)
        ?? throw new KeyNotFoundException($"No schema '{fullName}' in avro/.");

    /// <summary>
    /// Parses schema texts in order as one union, which lets each name the types defined before
    /// it; returns the named schemas with every reference resolved.
    /// </summary>
    public static IReadOnlyList<NamedSchema> Parse(IEnumerable<string> texts)
    {
        var union = (UnionSchema)Schema.Parse("[" + string.Join(",", texts) + "]");
        return union.Schemas.Cast<NamedSchema>().ToList();
    }

    private static string ReadEmbedded(string file)
    {
        using var stream = typeof(SchemaCatalog).Assembly.GetManifestResourceStream("avro/" + file)
            ?? throw new InvalidOperationException($"Schema '{file}' is not embedded in {typeof(SchemaCatalog).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
