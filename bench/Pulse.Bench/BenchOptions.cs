using System.Globalization;

namespace Pulse.Bench;

/// <summary>The command line: <c>reference [--store rocksdb|inmemory|both] [--records N] [--keys N] [--runs N] [--warmups N] [--commit-every N]</c>.</summary>
internal sealed record BenchOptions
{
    public const string Usage = """
        Usage: Pulse.Bench reference [options]   |   Pulse.Bench micro [records]
          --store rocksdb|inmemory|both   store type of the windowed aggregate (default: both, each in its own child process)
          --records N                     input records (default 1000000)
          --keys N                        distinct keys (default 1000)
          --runs N                        timed runs; the median is reported (default 3)
          --warmups N                     untimed warm-up runs first (default 1)
          --commit-every N                records between driver.Commit() calls (default 10000)
          --agg-serde json|binary         value format of the window store (default json; binary is an ablation)
        """;

    public string Store { get; init; } = "both";
    public int Records { get; init; } = 1_000_000;
    public int Keys { get; init; } = 1_000;
    public int Runs { get; init; } = 3;
    public int Warmups { get; init; } = 1;
    public int CommitEvery { get; init; } = 10_000;
    public string AggSerde { get; init; } = "json";

    /// <summary>Parses <paramref name="args"/> (after the command); throws <see cref="ArgumentException"/> with the reason.</summary>
    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var o = new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var flag = args[i];
            var value = i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{flag} needs a value.");
            o = flag switch
            {
                "--store" => o with { Store = value is "rocksdb" or "inmemory" or "both" ? value : throw new ArgumentException($"--store must be rocksdb, inmemory or both; got '{value}'.") },
                "--records" => o with { Records = Positive(flag, value) },
                "--keys" => o with { Keys = Positive(flag, value) },
                "--runs" => o with { Runs = Positive(flag, value) },
                "--warmups" => o with { Warmups = NonNegative(flag, value) },
                "--commit-every" => o with { CommitEvery = Positive(flag, value) },
                "--agg-serde" => o with { AggSerde = value is "json" or "binary" ? value : throw new ArgumentException($"--agg-serde must be json or binary; got '{value}'.") },
                _ => throw new ArgumentException($"Unknown option '{flag}'."),
            };
        }
        return o;
    }

    /// <summary>The arguments that reproduce these options for one store.</summary>
    public IEnumerable<string> ToArgs(string store) =>
    [
        "reference", "--store", store, "--records", Inv(Records), "--keys", Inv(Keys), "--runs", Inv(Runs),
        "--warmups", Inv(Warmups), "--commit-every", Inv(CommitEvery), "--agg-serde", AggSerde,
    ];

    private static string Inv(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static int Positive(string flag, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new ArgumentException($"{flag} must be a positive integer; got '{value}'.");

    private static int NonNegative(string flag, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0 ? n : throw new ArgumentException($"{flag} must be a non-negative integer; got '{value}'.");
}
