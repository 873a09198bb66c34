namespace Pulse.Streams.Dsl;

/// <summary>
/// Where and how <see cref="IKStream{TKey, TValue}.Print"/> writes each record, as Kafka's <c>Printed</c>: one line
/// <c>[label]: key, value</c> per record (null as <c>null</c>), to standard output or a file, the label being the node's name
/// unless set. For looking at a topology while developing it, not for production output.
/// </summary>
public sealed record Printed<TKey, TValue>
{
    internal Printed(string? path) => FilePath = path;

    /// <summary>The file written (created, or emptied, when the first task starts); null for standard output.</summary>
    public string? FilePath { get; }

    /// <summary>The label in brackets, or null for the node's name.</summary>
    public string? Label { get; private init; }

    /// <summary>The node's name, or null for a generated <c>KSTREAM-PRINTER-</c> name.</summary>
    public string? Name { get; private init; }

    /// <summary>What follows the label, or null for <c>key, value</c>.</summary>
    public Func<TKey, TValue, string>? KeyValueMapper { get; private init; }

    /// <summary>Prints with <paramref name="label"/> in brackets instead of the node's name.</summary>
    public Printed<TKey, TValue> WithLabel(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        return this with { Label = label };
    }

    /// <summary>Names the print node.</summary>
    public Printed<TKey, TValue> WithName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return this with { Name = name };
    }

    /// <summary>Prints what <paramref name="mapper"/> makes of each record after the label.</summary>
    public Printed<TKey, TValue> WithKeyValueMapper(Func<TKey, TValue, string> mapper)
    {
        ArgumentNullException.ThrowIfNull(mapper);
        return this with { KeyValueMapper = mapper };
    }
}

/// <summary>Makes a <see cref="Printed{TKey, TValue}"/>.</summary>
public static class Printed
{
    /// <summary>Prints to standard output.</summary>
    public static Printed<TKey, TValue> ToSysOut<TKey, TValue>() => new(null);

    /// <summary>Prints to <paramref name="filePath"/>, which is created, or emptied, when the first task starts.</summary>
    /// <exception cref="Errors.TopologyException">The file's folder does not exist.</exception>
    public static Printed<TKey, TValue> ToFile<TKey, TValue>(string filePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(filePath);
        var full = Path.GetFullPath(filePath);
        if (!Directory.Exists(Path.GetDirectoryName(full)))
            throw new Errors.TopologyException($"cannot print to '{full}': its folder does not exist.");
        return new(full);
    }
}
