namespace Pulse.Streams;

/// <summary>
/// Kafka's rule for topic names, and the names of the internal topics an application uses, made in
/// this one place (as Kafka Streams names them: <c>&lt;application.id&gt;-&lt;store&gt;-changelog</c>,
/// <c>&lt;application.id&gt;-&lt;name&gt;-repartition</c>), so tools that create topics ahead of an
/// application (<c>pulse init</c>) name them exactly as the application will.
/// </summary>
public static class TopicNames
{
    /// <summary>The rule <see cref="IsValid"/> checks, in words, for error messages.</summary>
    public const string Rule = "1 to 249 of a-z, A-Z, 0-9, '.', '_', '-'";

    /// <summary>Whether <paramref name="name"/> is a legal Kafka topic name: 1 to 249 of <c>[a-zA-Z0-9._-]</c>, not <c>.</c> or <c>..</c>.</summary>
    public static bool IsValid(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= 249 && name is not ("." or "..") && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    /// <summary>The changelog topic of store <paramref name="storeName"/>: <c>&lt;applicationId&gt;-&lt;storeName&gt;-changelog</c>.</summary>
    public static string Changelog(string applicationId, string storeName) => $"{applicationId}-{storeName}-changelog";

    /// <summary>
    /// A repartition topic's full name: <c>&lt;applicationId&gt;-&lt;name&gt;</c>, where <paramref name="name"/> ends in <c>-repartition</c>
    /// (or in <c>-topic</c>: a foreign-key join's subscription and response topics, as Kafka names them).
    /// </summary>
    public static string Repartition(string applicationId, string name) => $"{applicationId}-{name}";

    /// <summary>Whether <paramref name="topic"/> is a repartition topic (its name ends in <c>-repartition</c>).</summary>
    public static bool IsRepartition(string topic) => topic.EndsWith(RepartitionSuffix, StringComparison.Ordinal);

    /// <summary>The exactly-once offset log: every transaction's input offsets (<c>&lt;applicationId&gt;-offsets</c>).</summary>
    public static string OffsetLog(string applicationId) => $"{applicationId}-offsets";

    /// <summary>The membership topic where instances publish their tasks and address (<c>&lt;applicationId&gt;-members</c>).</summary>
    public static string Members(string applicationId) => $"{applicationId}-members";

    internal const string RepartitionSuffix = "-repartition";
}
