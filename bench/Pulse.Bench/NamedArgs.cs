namespace Pulse.Bench;

/// <summary>A scenario's <c>--name value</c> arguments over its defaults: an unknown name or a missing value is one line and the usage, exit code 2.</summary>
internal static class NamedArgs
{
    /// <summary>The defaults with the arguments applied, or null (after printing why) when they do not parse.</summary>
    public static Dictionary<string, string>? Parse(IReadOnlyList<string> args, Dictionary<string, string> defaults, string usage)
    {
        var values = new Dictionary<string, string>(defaults, StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i += 2)
        {
            var name = args[i].TrimStart('-');
            if (!values.ContainsKey(name) || i + 1 >= args.Count)
            {
                Console.Error.WriteLine($"bad argument '{args[i]}'");
                Console.Error.WriteLine(usage);
                return null;
            }
            values[name] = args[i + 1];
        }
        return values;
    }
}
