using System.Globalization;

namespace Pulse.Bench;

/// <summary>The command line of <c>sink</c>: how many readings, batch size, runs, and which PostgreSQL settings.</summary>
internal sealed record SinkBenchOptions
{
    public const string Usage = """
        Usage: Pulse.Bench sink [options]   (the Postgres sink's writes, on a private PostgreSQL started from the system's binaries)
          --readings N         readings per binary-COPY run (default 1000000)
          --batch N            readings per transaction of the COPY runs and the end-to-end run (default 5000)
          --runs N             timed COPY runs, each into a fresh database (default 3; one warm-up run before)
          --insert-seconds N   length of each one-row INSERT run (default 10)
          --end-to-end N       readings through Kafka (embedded cluster) and the whole sink; 0 skips it (default 300000)
          --postgres MODE      durable (PostgreSQL's defaults: fsync, synchronous commit) or throwaway (no fsync) (default durable)
        """;

    public int Readings { get; init; } = 1_000_000;
    public int Batch { get; init; } = 5_000;
    public int Runs { get; init; } = 3;
    public int InsertSeconds { get; init; } = 10;
    public int EndToEnd { get; init; } = 300_000;
    public bool Durable { get; init; } = true;

    public static SinkBenchOptions Parse(IReadOnlyList<string> args)
    {
        var o = new SinkBenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var flag = args[i];
            var value = i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{flag} needs a value.");
            o = flag switch
            {
                "--readings" => o with { Readings = Number(flag, value, min: 1) },
                "--batch" => o with { Batch = Number(flag, value, min: 1) },
                "--runs" => o with { Runs = Number(flag, value, min: 1) },
                "--insert-seconds" => o with { InsertSeconds = Number(flag, value, min: 1) },
                "--end-to-end" => o with { EndToEnd = Number(flag, value, min: 0) },
                "--postgres" => o with { Durable = value switch { "durable" => true, "throwaway" => false, _ => throw new ArgumentException($"--postgres is durable or throwaway; got '{value}'.") } },
                _ => throw new ArgumentException($"Unknown option '{flag}'."),
            };
        }
        return o;
    }

    private static int Number(string flag, string value, int min) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min
            ? n
            : throw new ArgumentException($"{flag} must be an integer of at least {min}; got '{value}'.");
}
