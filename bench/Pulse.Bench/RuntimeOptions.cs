using System.Globalization;

namespace Pulse.Bench;

/// <summary>The command line of <c>runtime</c>: which scenarios, how many records, which guarantees and thread counts.</summary>
internal sealed record RuntimeOptions
{
    public const string Usage = """
        Usage: Pulse.Bench runtime [options]   (KafkaStreams on the embedded cluster, in process, 3 brokers)
          --scenario throughput|latency|restore|consume|all   (default all; consume: a bare consumer's rate, with and without pausing)
          --records N            preloaded input records of the throughput runs (default 1000000)
          --guarantees LIST      at_least_once,exactly_once_v2 (default both)
          --threads LIST         stream thread counts, e.g. 1,2 (default 1,2)
          --rate N               offered records/s of the latency run (default 20000)
          --seconds N            length of the latency run (default 15; the first 3 s are warm-up)
          --restore-records N    changelog entries (distinct keys) of the restore run (default 1000000)
          --consumer K=V[,K=V]   librdkafka settings for the stream threads' consumers (passed through)
        """;

    public string Scenario { get; init; } = "all";
    public int Records { get; init; } = 1_000_000;
    public IReadOnlyList<Streams.ProcessingGuarantee> Guarantees { get; init; } = [Streams.ProcessingGuarantee.AtLeastOnce, Streams.ProcessingGuarantee.ExactlyOnceV2];
    public IReadOnlyList<int> Threads { get; init; } = [1, 2];
    public int Rate { get; init; } = 20_000;
    public int Seconds { get; init; } = 15;
    public int RestoreRecords { get; init; } = 1_000_000;
    public IReadOnlyDictionary<string, string> Consumer { get; init; } = new Dictionary<string, string>();

    public bool Runs(string scenario) => Scenario == "all" || Scenario == scenario;

    public static RuntimeOptions Parse(IReadOnlyList<string> args)
    {
        var o = new RuntimeOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var flag = args[i];
            var value = i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{flag} needs a value.");
            o = flag switch
            {
                "--scenario" => o with { Scenario = value is "throughput" or "latency" or "restore" or "consume" or "all" ? value : throw new ArgumentException($"--scenario must be throughput, latency, restore, consume or all; got '{value}'.") },
                "--records" => o with { Records = Positive(flag, value) },
                "--guarantees" => o with { Guarantees = value.Split(',').Select(Guarantee).ToList() },
                "--threads" => o with { Threads = value.Split(',').Select(v => Positive(flag, v)).ToList() },
                "--rate" => o with { Rate = Positive(flag, value) },
                "--seconds" => o with { Seconds = Positive(flag, value) },
                "--restore-records" => o with { RestoreRecords = Positive(flag, value) },
                "--consumer" => o with { Consumer = value.Split(',').Select(kv => kv.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv.Length == 2 ? kv[1] : throw new ArgumentException($"--consumer takes key=value pairs; got '{value}'.")) },
                _ => throw new ArgumentException($"Unknown option '{flag}'."),
            };
        }
        return o;
    }

    public static string Name(Streams.ProcessingGuarantee g) => g == Streams.ProcessingGuarantee.AtLeastOnce ? "at_least_once" : "exactly_once_v2";

    private static Streams.ProcessingGuarantee Guarantee(string value) => value switch
    {
        "at_least_once" => Streams.ProcessingGuarantee.AtLeastOnce,
        "exactly_once_v2" => Streams.ProcessingGuarantee.ExactlyOnceV2,
        _ => throw new ArgumentException($"a guarantee is at_least_once or exactly_once_v2; got '{value}'."),
    };

    private static int Positive(string flag, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new ArgumentException($"{flag} must be a positive integer; got '{value}'.");
}
