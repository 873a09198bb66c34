using Microsoft.Extensions.Options;

namespace Pulse.Host.Configuration;

/// <summary>Checks <see cref="KafkaOptions"/> at start-up: brokers given, registry URLs absolute http(s).</summary>
internal sealed class KafkaOptionsValidator : IValidateOptions<KafkaOptions>
{
    public ValidateOptionsResult Validate(string? name, KafkaOptions options)
    {
        var errors = new SettingErrors();
        errors.Required("Kafka:BootstrapServers", options.BootstrapServers);
        var url = options.SchemaRegistryUrl;
        if (!string.IsNullOrWhiteSpace(url) && !string.Equals(url.Trim(), Pulse.Schemas.AvroSerdes.InProcess, StringComparison.OrdinalIgnoreCase))
        {
            foreach (var one in url.Split(',', StringSplitOptions.TrimEntries))
                if (!Uri.TryCreate(one, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                    errors.Add("Kafka:SchemaRegistryUrl", "must be 'inprocess' or absolute http(s) URLs separated by commas.");
        }
        return errors.Result();
    }
}
