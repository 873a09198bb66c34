using Pulse.Streams.Errors;

namespace Pulse.Vitals;

/// <summary>The dead letters on <c>vitals.invalid</c> (configuration section <c>Vitals:DeadLetters</c>).</summary>
public sealed class DeadLetterOptions
{
    /// <summary>
    /// The largest value a dead letter carries (default 256 KiB; a reading is well under 1 KiB): a larger one, garbage
    /// by any measure, is cut, with headers giving its size and SHA-256 (<see cref="DeadLetterPayload"/>). Without a limit
    /// a 1 MiB record, which the raw topic accepts, could not be forwarded to <c>vitals.invalid</c> at all.
    /// </summary>
    public int MaxPayloadBytes { get; set; } = 256 * 1024;

    internal void Validate(string path, List<string> errors)
    {
        if (MaxPayloadBytes is < 0 or > 900_000)
            errors.Add(FormattableString.Invariant($"{path}:{nameof(MaxPayloadBytes)} must be between 0 and 900000 (was {MaxPayloadBytes})"));
    }
}
