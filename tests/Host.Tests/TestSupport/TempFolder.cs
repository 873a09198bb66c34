namespace Pulse.Host.Tests.TestSupport;

/// <summary>A new folder in the temp folder, named <c>prefix</c> and a random part; deleted with its contents on dispose.</summary>
internal sealed class TempFolder(string prefix) : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

    public void Dispose()
    {
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }
}
