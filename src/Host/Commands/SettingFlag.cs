using System.CommandLine;
using System.Globalization;

namespace Pulse.Host.Commands;

/// <summary>
/// A command-line option that sets configuration. Flags are the last configuration source, over
/// appsettings.json and <c>PULSE__…</c> environment variables, so the same typed options and
/// validation apply whichever way a value came in.
/// </summary>
internal abstract class SettingFlag(string key)
{
    /// <summary>The configuration key, e.g. <c>Sink:BatchSize</c>.</summary>
    public string Key { get; } = key;

    public abstract Option Option { get; }

    /// <summary>The flag's value as configuration text, or null when it was not given.</summary>
    public abstract string? Value(ParseResult result);

    /// <summary>The configuration the flag sets, when given: its key and value.</summary>
    public virtual IEnumerable<KeyValuePair<string, string?>> Settings(ParseResult result) =>
        Value(result) is { } value ? [KeyValuePair.Create<string, string?>(Key, value)] : [];

    /// <summary>Whether this flag sets <paramref name="key"/> (to name the flag in a message about the key).</summary>
    public virtual bool Sets(string key) => string.Equals(Key, key, StringComparison.OrdinalIgnoreCase);

    /// <summary>A flag <c>--name</c> (and its <paramref name="aliases"/>) for <paramref name="key"/>, typed (so a bad value fails parsing, naming the flag).</summary>
    public static SettingFlag<T> For<T>(string name, string key, string description, params string[] aliases) =>
        new(key, new Option<T>(name, aliases) { Description = $"{description} [{key}]" });

    /// <summary>
    /// A flag that takes a count or a list: a whole number sets <paramref name="countKey"/>, anything else
    /// <paramref name="listKey"/> (<c>--patients 20</c>, <c>--patients "P001,P002"</c>).
    /// </summary>
    public static SettingFlag CountOrList(string name, string countKey, string listKey, string description) =>
        new CountOrListFlag(countKey, listKey, new Option<string>(name) { Description = $"{description} [{countKey}] or [{listKey}]" });
}

/// <inheritdoc />
internal sealed class SettingFlag<T>(string key, Option<T> option) : SettingFlag(key)
{
    public override Option Option => option;

    public override string? Value(ParseResult result) =>
        result.GetResult(option) is { Implicit: false } ? Convert.ToString(result.GetValue(option), CultureInfo.InvariantCulture) : null;
}

/// <summary>See <see cref="SettingFlag.CountOrList"/>.</summary>
internal sealed class CountOrListFlag(string countKey, string listKey, Option<string> option) : SettingFlag(countKey)
{
    public override Option Option => option;

    public override string? Value(ParseResult result) => result.GetResult(option) is { Implicit: false } ? result.GetValue(option) : null;

    public override IEnumerable<KeyValuePair<string, string?>> Settings(ParseResult result)
    {
        if (Value(result) is not { } value) return [];
        var isCount = long.TryParse(value.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);
        return [KeyValuePair.Create<string, string?>(isCount ? Key : listKey, value)];
    }

    public override bool Sets(string key) => base.Sets(key) || string.Equals(listKey, key, StringComparison.OrdinalIgnoreCase);
}
