using System.Globalization;
using Microsoft.Extensions.Options;
using Pulse.Streams;

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

    /// <summary>A Kafka topic name (<see cref="TopicNames.IsValid"/>).</summary>
    public void TopicName(string key, string? value)
    {
        if (string.IsNullOrEmpty(value))
            Add(key, "is required.");
        else if (!TopicNames.IsValid(value))
            Add(key, $"'{value}' is not a valid Kafka topic name ({TopicNames.Rule}).");
    }

    /// <summary>Adds problems already phrased with their keys.</summary>
    public void AddRange(IEnumerable<string> problems) => _errors.AddRange(problems);

    public ValidateOptionsResult Result() => _errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(_errors);
}
