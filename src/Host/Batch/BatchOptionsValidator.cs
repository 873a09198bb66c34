using System.Globalization;
using Microsoft.Extensions.Options;
using Pulse.Host.Configuration;

namespace Pulse.Host.Batch;

/// <summary>Checks <see cref="BatchOptions"/> at start-up; each message names the setting.</summary>
internal sealed class BatchOptionsValidator(bool needsArchive) : IValidateOptions<BatchOptions>
{
    public ValidateOptionsResult Validate(string? name, BatchOptions options)
    {
        var errors = new SettingErrors();
        if (!string.IsNullOrWhiteSpace(options.Date) && !DateOnly.TryParseExact(options.Date.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            errors.Add("Batch:Date", $"must be a day as YYYY-MM-DD; got '{options.Date}'.");
        if (needsArchive)
        {
            errors.Required("Batch:Archive", options.Archive);
            if (!string.IsNullOrWhiteSpace(options.Archive) && !Directory.Exists(options.Archive))
                errors.Add("Batch:Archive", $"is not a directory: '{options.Archive}'.");
        }
        return errors.Result();
    }
}
