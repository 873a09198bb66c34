using System.CommandLine;
using System.Globalization;

namespace Pulse.Host.Commands;

/// <summary>
/// A command-line option that sets one configuration key. Flags are the last configuration source,
/// over appsettings.json and <c>PULSE__…</c> environment variables, so the same typed options and
/// validation apply whichever way a value came in.
/// </summary>
internal abstract class SettingFlag(string key)
{
    /// <summary>The configuration key, e.g. <c>Sink:BatchSize</c>.</summary>
    public string Key { get; } = key;

    public abstract Option Option { get; }

    /// <summary>The flag's value as configuration text, or null when it was not given.</summary>
    public abstract string? Value(ParseResult result);

    /// <summary>A flag <c>--name</c> for <paramref name="key"/>, typed (so a bad value fails parsing, naming the flag).</summary>
    public static SettingFlag<T> For<T>(string name, string key, string description) =>
        new(key, new Option<T>(name) { Description = $"{description} [{key}]" });
}

/// <inheritdoc />
internal sealed class SettingFlag<T>(string key, Option<T> option) : SettingFlag(key)
{
    public override Option Option => option;

    public override string? Value(ParseResult result) =>
        result.GetResult(option) is { Implicit: false } ? Convert.ToString(result.GetValue(option), CultureInfo.InvariantCulture) : null;
}
