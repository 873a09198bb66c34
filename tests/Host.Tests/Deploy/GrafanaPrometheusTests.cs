using System.Text.RegularExpressions;
using Pulse.Host.Tests.TestSupport;

namespace Pulse.Host.Tests.Deploy;

/// <summary>
/// Every Prometheus expression of the provisioned Grafana dashboards names metrics, and groups by labels, that Pulse's
/// services actually export: scraped from two running exactly-once <c>pulse run</c> replicas (standbys, restores), a
/// <c>pulse sink</c> and a <c>pulse simulate</c>, with malformed records among the readings.
/// </summary>
public sealed partial class GrafanaPrometheusTests(PipelineCluster cluster, PostgresFixture postgres) : IClassFixture<PipelineCluster>, IClassFixture<PostgresFixture>, IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);
    private static readonly HashSet<string> AddedByPrometheus = ["instance", "job", "le"];
    private readonly string _state = Directory.CreateTempSubdirectory("pulse-grafana-").FullName;
    private readonly List<IDisposable> _processes = [];

    [Fact]
    public void DashboardExpressions_NameMetricsAndLabelsThatRunSinkAndSimulateExport()
    {
        var expressions = GrafanaDashboards.Queries().Where(q => q.DatasourceUid == GrafanaDashboards.PrometheusUid).ToList();
        Assert.NotEmpty(expressions);
        var needed = expressions.SelectMany(q => MetricName().Matches(q.Text).Select(m => m.Value)).ToHashSet(StringComparer.Ordinal);
        var a = Start(ReplicaProcess.Start("replica-a", cluster.Kafka.BootstrapServers, PipelineCluster.ApplicationId, Path.Combine(_state, "a"), "exactly_once_v2"));
        var b = Start(ReplicaProcess.Start("replica-b", cluster.Kafka.BootstrapServers, PipelineCluster.ApplicationId, Path.Combine(_state, "b"), "exactly_once_v2"));
        var sink = Start(PulseProcess.Start(["sink", "--bootstrap-servers", cluster.Kafka.BootstrapServers, "--http", "http://127.0.0.1:0"],
            new Dictionary<string, string> { ["PULSE__Postgres__ConnectionString"] = postgres.NewDatabase() }));
        var simulate = Start(PulseProcess.Start(["simulate", "--bootstrap-servers", cluster.Kafka.BootstrapServers, "--patients", "20", "--interval", "1s",
            "--duration", "5m", "--http", "http://127.0.0.1:0"]));
        MalformedRecords.SendEveryKind(cluster.Kafka, cluster.Topics.Raw, DateTime.UtcNow);

        Dictionary<string, HashSet<string>> exported = [];
        Wait.Until(() =>
        {
            exported = Exported(Scrape(a.Address), Scrape(b.Address), Scrape(Http.ListenerAddress(sink.Stderr)), Scrape(Http.ListenerAddress(simulate.Stderr)));
            return needed.All(exported.ContainsKey);
        }, Deadline, () => $"every metric the dashboards name; missing: {string.Join(", ", needed.Where(n => !exported.ContainsKey(n)))}\n{a.Describe()}\n{sink.Output()}");

        foreach (var query in expressions)
            foreach (Match by in GroupedBy().Matches(query.Text))
                foreach (var label in by.Groups["labels"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Where(l => !AddedByPrometheus.Contains(l)))
                {
                    var metrics = MetricName().Matches(query.Text).Select(m => m.Value).ToList();
                    Assert.True(metrics.All(m => exported[m].Contains(label)), $"{query}: no label '{label}' on {string.Join(", ", metrics)}");
                }
    }

    public void Dispose()
    {
        foreach (var process in _processes) process.Dispose();
        try
        {
            Directory.Delete(_state, recursive: true);
        }
        catch (IOException)
        {
            // a child may still hold a file for a moment; the temp directory is the system's to clean
        }
    }

    private T Start<T>(T process) where T : IDisposable
    {
        _processes.Add(process);
        return process;
    }

    private static string Scrape(Uri? address) => address is null ? "" : Http.StatusOrNull(address, "/metrics") is null ? "" : Http.Get(address, "/metrics").Body;

    /// <summary>Metric names in Prometheus's text format, each with the labels its series carry.</summary>
    private static Dictionary<string, HashSet<string>> Exported(params string[] scrapes)
    {
        var names = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var line in scrapes.SelectMany(s => s.Split('\n')).Where(l => l.Length > 0 && l[0] != '#'))
        {
            var m = SeriesLine().Match(line);
            if (!m.Success) continue;
            if (!names.TryGetValue(m.Groups["name"].Value, out var labels)) names[m.Groups["name"].Value] = labels = new(StringComparer.Ordinal);
            foreach (Match label in LabelName().Matches(m.Groups["labels"].Value)) labels.Add(label.Groups[1].Value);
        }
        return names;
    }

    [GeneratedRegex(@"\bpulse_[a-z0-9_]+\b")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"\bby \((?<labels>[^)]*)\)")]
    private static partial Regex GroupedBy();

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? ")]
    private static partial Regex SeriesLine();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""")]
    private static partial Regex LabelName();
}
