using System.Globalization;
using Microsoft.Extensions.Options;

namespace Pulse.Host.Configuration;

/// <summary>
/// Collects what is wrong with a group of settings, each message starting with the setting's
/// configuration key (<c>Sink:BatchSize</c>), so start-up errors name what to fix.
/// </summary>
internal sealed class SettingErrors
{
    private readonly List<string> _errors = [];

    /// <summary>How many problems were found so far.</summary>
    public int Count => _errors.Count;

    public void Add(string key, string problem) => _errors.Add($"{key} {problem}");

    public void Required(string key, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) Add(key, "is required.");
    }

    public void Range(string key, long value, long min, long max)
    {
        if (value < min || value > max)
            Add(key, string.Create(CultureInfo.InvariantCulture, $"must be between {min} and {max} (got {value})."));
    }

    /// <summary>A Kafka topic name: 1 to 249 of <c>[a-zA-Z0-9._-]</c>, not <c>.</c> or <c>..</c>.</summary>
    public void TopicName(string key, string? value)
    {
        if (string.IsNullOrEmpty(value))
            Add(key, "is required.");
        else if (value.Length > 249 || value is "." or ".." || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            Add(key, $"'{value}' is not a valid Kafka topic name (1 to 249 of a-z, A-Z, 0-9, '.', '_', '-').");
    }

    public ValidateOptionsResult Result() => _errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(_errors);
}
