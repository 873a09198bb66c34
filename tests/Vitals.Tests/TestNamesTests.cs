using System.Reflection;
using System.Text.RegularExpressions;

namespace Pulse.Vitals.Tests;

/// <summary>
/// The test-naming convention of every test project: Subject_Condition_Result, PascalCase parts joined
/// by underscores and read as a sentence (e.g. <c>Window_ClosesAfterGrace_EmitsFinalResult</c>).
/// </summary>
public sealed partial class TestNamesTests
{
    [Fact]
    public void EveryTest_IsNamedAsPascalCasePartsJoinedByUnderscores()
    {
        var offenders = typeof(TestNamesTests).Assembly.GetTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(method => method.IsDefined(typeof(FactAttribute), inherit: true)) // [Theory] is a [Fact]
            .Where(method => !Convention().IsMatch(method.Name))
            .Select(method => $"{method.DeclaringType!.FullName}.{method.Name}")
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(offenders.Count == 0,
            $"{offenders.Count} test(s) not named Subject_Condition_Result (PascalCase parts joined by underscores):{Environment.NewLine}" +
            string.Join(Environment.NewLine, offenders));
    }

    [GeneratedRegex("^[A-Z][A-Za-z0-9]*(_[A-Z0-9][A-Za-z0-9]*)+$")]
    private static partial Regex Convention();
}
