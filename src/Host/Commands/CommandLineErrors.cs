using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;

namespace Pulse.Host.Commands;

/// <summary>
/// What the parser refused, one line per problem, each naming the flag and pointing at <c>--help</c>
/// (<c>pulse simulate: unknown flag '--duraton' (did you mean '--duration'?); see 'pulse simulate --help'</c>),
/// instead of System.CommandLine's error list followed by the whole help text. Exit code 2, as for
/// every other bad setting.
/// </summary>
internal static partial class CommandLineErrors
{
    /// <summary>The exit code of a command line the parser refused.</summary>
    public const int ExitCode = 2;

    /// <summary>One line per problem in <paramref name="parse"/>: unknown flags and words first, in the order given, then bad values.</summary>
    public static IReadOnlyList<string> Describe(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var command = parse.CommandResult.Command;
        var path = CommandPath(parse.CommandResult);
        var problems = new List<string>();
        var afterUnknownFlag = false;
        foreach (var token in parse.UnmatchedTokens)
        {
            if (token.StartsWith('-'))
            {
                problems.Add(UnknownFlag(token, command));
                afterUnknownFlag = true;
            }
            else if (afterUnknownFlag)
                afterUnknownFlag = false; // the unknown flag's value, most likely: said once, with the flag
            else if (command.Subcommands.Count > 0)
                problems.Add(Suggest($"unknown command '{token}'", token, command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name)));
            else
                problems.Add($"unexpected argument '{token}'");
        }
        foreach (var error in parse.Errors)
        {
            if (Unrecognized().IsMatch(error.Message)) continue;
            if (command.Subcommands.Count > 0 && error.SymbolResult is CommandResult)
            {
                if (parse.UnmatchedTokens.Count == 0) problems.Add($"choose a command: {string.Join(", ", command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name))}");
                continue;
            }
            problems.Add(Problem(error));
        }
        return problems.Distinct(StringComparer.Ordinal).Select(p => $"{path}: {p}; see '{path} --help'.").ToList();
    }

    private static string Problem(ParseError error)
    {
        var option = error.SymbolResult switch
        {
            OptionResult o => o,
            ArgumentResult { Parent: OptionResult o } => o,
            _ => null,
        };
        if (option is null) return error.Message.TrimEnd('.');
        var value = string.Join(' ', option.Tokens.Select(t => t.Value));
        return value.Length == 0
            ? $"{option.Option.Name} needs a value ({Expected(option.Option.ValueType)})"
            : $"{option.Option.Name} must be {Expected(option.Option.ValueType)} (got '{value}')";
    }

    /// <summary>"unknown flag '--x'", with the closest of <paramref name="command"/>'s flags when it looks like a typo of one.</summary>
    internal static string UnknownFlag(string token, Command command) =>
        Suggest($"unknown flag '{token}'", token, command.Options.SelectMany(o => o.Aliases.Prepend(o.Name)));

    private static string Suggest(string problem, string token, IEnumerable<string> candidates) =>
        Closest(token, candidates) is { } closest ? $"{problem} (did you mean '{closest}'?)" : problem;

    private static string Expected(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(int) || t == typeof(long) || t == typeof(short) => "a whole number",
        var t when t == typeof(double) || t == typeof(float) || t == typeof(decimal) => "a number",
        var t when t == typeof(bool) => "true or false",
        var t when t.IsEnum => string.Join(", ", Enum.GetNames(t).Select(n => n.ToLowerInvariant())),
        _ => "a value",
    };

    internal static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? r = result; r is CommandResult c; r = c.Parent)
            names.Add(c.Parent is null ? "pulse" : c.Command.Name);
        names.Reverse();
        return string.Join(' ', names);
    }

    /// <summary>The candidate within two edits of <paramref name="token"/> (a typo), or null.</summary>
    private static string? Closest(string token, IEnumerable<string> candidates) =>
        candidates.Distinct(StringComparer.Ordinal)
            .Select(c => (Name: c, Distance: Distance(token, c)))
            .Where(c => c.Distance <= Math.Max(2, token.Length / 4))
            .OrderBy(c => c.Distance).ThenBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => c.Name).FirstOrDefault();

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }
        return previous[b.Length];
    }

    [GeneratedRegex(@"^Unrecognized command or argument '(?<token>.*)'\.?$", RegexOptions.Singleline)]
    private static partial Regex Unrecognized();

}
