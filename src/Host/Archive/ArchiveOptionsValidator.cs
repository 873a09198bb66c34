using Microsoft.Extensions.Options;
using Pulse.Host.Configuration;

namespace Pulse.Host.Archive;

/// <summary>Checks <see cref="ArchiveOptions"/> at start-up; each message names the setting.</summary>
internal sealed class ArchiveOptionsValidator : IValidateOptions<ArchiveOptions>
{
    public ValidateOptionsResult Validate(string? name, ArchiveOptions options)
    {
        var errors = new SettingErrors();
        errors.Required("Archive:Directory", options.Directory);
        errors.Required("Archive:GroupId", options.GroupId);
        errors.Range("Archive:RollBytes", options.RollBytes, 1L << 10, 4L << 30);
        errors.Range("Archive:RollInterval", (long)options.RollInterval.TotalMilliseconds, 100, (long)TimeSpan.FromDays(1).TotalMilliseconds);
        errors.Range("Archive:RowGroupRows", options.RowGroupRows, 1_000, 10_000_000);
        return errors.Result();
    }
}
