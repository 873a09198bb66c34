namespace Pulse.Host.Tests.TestSupport;

/// <summary>A file path in the temp folder (<c>prefix</c>, a random part, <c>extension</c>); the file is deleted on dispose.</summary>
internal sealed class TempFile(string prefix, string extension) : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{prefix}{Guid.NewGuid():N}{extension}");

    public void Dispose() => File.Delete(Path);
}
