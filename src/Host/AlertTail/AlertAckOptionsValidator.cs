using Microsoft.Extensions.Options;
using Pulse.Host.Configuration;
using Pulse.Host.Simulator.Internal;

namespace Pulse.Host.AlertTail;

/// <summary>Checks <see cref="AlertAckOptions"/> at start-up; each message names the setting.</summary>
internal sealed class AlertAckOptionsValidator : IValidateOptions<AlertAckOptions>
{
    /// <summary>The longest patient id the topology accepts by default (Vitals:Validity:MaxPatientIdLength).</summary>
    private const int MaxPatientIdLength = 128;

    public ValidateOptionsResult Validate(string? name, AlertAckOptions options)
    {
        var errors = new SettingErrors();
        if (string.IsNullOrWhiteSpace(options.PatientId) || options.PatientId.Length > MaxPatientIdLength)
            errors.Add("AlertAck:PatientId", $"must name the patient, at most {MaxPatientIdLength} characters (got '{options.PatientId}').");
        if (options.By is { Length: > 200 })
            errors.Add("AlertAck:By", "must be at most 200 characters.");
        if (!DurationText.TryParse(options.Timeout, out var timeout) || timeout <= TimeSpan.Zero)
            errors.Add("AlertAck:Timeout", $"must be a positive duration like {DurationText.Examples} (got '{options.Timeout}').");
        return errors.Result();
    }
}
