using System.ComponentModel;
using System.Globalization;

namespace Pulse.Streams;

/// <summary>
/// Reads a <see cref="ProcessingGuarantee"/> from Kafka's names (<c>at_least_once</c>, <c>exactly_once_v2</c>,
/// and the older <c>exactly_once</c>) or the enum's own (<c>ExactlyOnceV2</c>), case-insensitively, so
/// <c>Microsoft.Extensions.Configuration</c> binds either; anything else is refused, naming what is accepted.
/// </summary>
public sealed class ProcessingGuaranteeConverter : EnumConverter
{
    /// <summary>Kafka's names, for messages and help text.</summary>
    public const string KafkaNames = "at_least_once or exactly_once_v2";

    /// <summary>A converter for <see cref="ProcessingGuarantee"/>.</summary>
    public ProcessingGuaranteeConverter() : base(typeof(ProcessingGuarantee)) { }

    /// <summary>The guarantee <paramref name="name"/> names, or null.</summary>
    public static ProcessingGuarantee? Parse(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "at_least_once" or "atleastonce" => ProcessingGuarantee.AtLeastOnce,
        "exactly_once_v2" or "exactly_once" or "exactlyoncev2" => ProcessingGuarantee.ExactlyOnceV2,
        _ => null,
    };

    /// <summary>Kafka's name of <paramref name="guarantee"/> (<c>processing.guarantee</c>).</summary>
    public static string KafkaName(ProcessingGuarantee guarantee) => guarantee == ProcessingGuarantee.ExactlyOnceV2 ? "exactly_once_v2" : "at_least_once";

    /// <inheritdoc />
    public override object ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
        value is string text
            ? Parse(text) ?? throw new FormatException($"'{text}' is not a processing guarantee: use {KafkaNames}.")
            : base.ConvertFrom(context, culture, value)!;

    /// <inheritdoc />
    public override object? ConvertTo(ITypeDescriptorContext? context, CultureInfo? culture, object? value, Type destinationType) =>
        destinationType == typeof(string) && value is ProcessingGuarantee guarantee ? KafkaName(guarantee) : base.ConvertTo(context, culture, value, destinationType);
}
