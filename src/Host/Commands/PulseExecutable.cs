namespace Pulse.Host.Commands;

/// <summary>
/// How a person runs this same <c>pulse</c> from where they are: the built executable's path (relative to
/// the working directory when it lies below it), or <c>dotnet …/pulse.dll</c> where there is no apphost, so
/// the commands the host prints can be pasted as they are.
/// </summary>
internal static class PulseExecutable
{
    public static string Command()
    {
        var apphost = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "pulse.exe" : "pulse");
        return File.Exists(apphost) ? Shell(Relative(apphost)) : "dotnet " + Shell(Relative(Path.Combine(AppContext.BaseDirectory, "pulse.dll")));
    }

    private static string Relative(string path)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative)) return path;
        return relative.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal) ? relative : "./" + relative;
    }

    private static string Shell(string path) => path.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"' or '$') ? $"'{path.Replace("'", "'\\''", StringComparison.Ordinal)}'" : path;
}
