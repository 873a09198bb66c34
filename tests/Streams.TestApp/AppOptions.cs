using System.Globalization;

namespace Pulse.Streams.TestApp;

/// <summary>
/// The command line: <c>--bootstrap H:P,… --app-id ID --state-dir DIR --instance NAME
/// [--guarantee at_least_once|exactly_once_v2] [--threads N] [--session-timeout-ms N]
/// [--commit-interval-ms N] [--topic-creator precreated|admin]</c>.
/// </summary>
internal sealed record AppOptions
{
    public const string Usage = """
        Usage: Pulse.Streams.TestApp --bootstrap HOST:PORT[,…] --app-id ID --state-dir DIR --instance NAME [options]
          --guarantee at_least_once|exactly_once_v2   processing guarantee (default at_least_once)
          --threads N                                 stream threads (default 1)
          --session-timeout-ms N                      consumer session.timeout.ms (default: librdkafka's)
          --commit-interval-ms N                      commit interval (default: the runtime's)
          --topic-creator precreated|admin            precreated (default): every topic must exist; admin: the runtime's admin client
        Prints RUNNING when the instance is running, CLOSED after a clean close (SIGTERM, Ctrl+C, or stdin closed).
        """;

    public string Bootstrap { get; init; } = "";
    public string ApplicationId { get; init; } = "";
    public string StateDir { get; init; } = "";
    public string Instance { get; init; } = "";
    public ProcessingGuarantee Guarantee { get; init; } = ProcessingGuarantee.AtLeastOnce;
    public int Threads { get; init; } = 1;
    public int? SessionTimeoutMs { get; init; }
    public int? CommitIntervalMs { get; init; }
    public bool AdminTopicCreator { get; init; }

    public static AppOptions Parse(IReadOnlyList<string> args)
    {
        var o = new AppOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var flag = args[i];
            var value = i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{flag} needs a value.");
            o = flag switch
            {
                "--bootstrap" => o with { Bootstrap = value },
                "--app-id" => o with { ApplicationId = value },
                "--state-dir" => o with { StateDir = value },
                "--instance" => o with { Instance = value },
                "--guarantee" => o with
                {
                    Guarantee = value switch
                    {
                        "at_least_once" => ProcessingGuarantee.AtLeastOnce,
                        "exactly_once_v2" => ProcessingGuarantee.ExactlyOnceV2,
                        _ => throw new ArgumentException($"--guarantee must be at_least_once or exactly_once_v2; got '{value}'."),
                    },
                },
                "--threads" => o with { Threads = Positive(flag, value) },
                "--session-timeout-ms" => o with { SessionTimeoutMs = Positive(flag, value) },
                "--commit-interval-ms" => o with { CommitIntervalMs = Positive(flag, value) },
                "--topic-creator" => o with
                {
                    AdminTopicCreator = value switch
                    {
                        "precreated" => false,
                        "admin" => true,
                        _ => throw new ArgumentException($"--topic-creator must be precreated or admin; got '{value}'."),
                    },
                },
                _ => throw new ArgumentException($"Unknown option '{flag}'."),
            };
        }
        foreach (var (name, v) in new[] { ("--bootstrap", o.Bootstrap), ("--app-id", o.ApplicationId), ("--state-dir", o.StateDir), ("--instance", o.Instance) })
            if (string.IsNullOrEmpty(v)) throw new ArgumentException($"{name} is required.");
        return o;
    }

    private static int Positive(string flag, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new ArgumentException($"{flag} must be a positive integer; got '{value}'.");
}
