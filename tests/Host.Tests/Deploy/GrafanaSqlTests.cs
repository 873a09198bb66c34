using Npgsql;
using Pulse.Host.Tests.TestSupport;

namespace Pulse.Host.Tests.Deploy;

/// <summary>A database the pipeline filled: <c>pulse demo --csv</c> of the sample readings and vehicles (every table has rows).</summary>
public sealed class DemoDatabaseFixture : PostgresFixture
{
    public DemoDatabaseFixture()
    {
        Database = NewDatabase();
        using var demo = PulseProcess.Run(["demo", "--csv", Samples.VitalsCsvPath(), "--vehicles-csv", Samples.VehiclesCsvPath(), "--postgres", Database],
            timeout: TimeSpan.FromMinutes(4));
        if (demo.ExitCode != 0) throw new InvalidOperationException($"pulse demo --csv failed:\n{demo.Output()}");
    }

    public string Database { get; }
}

/// <summary>
/// Every PostgreSQL query of the provisioned Grafana dashboards (compose/grafana/dashboards), macros and variables
/// expanded as Grafana expands them, run against a database the pipeline filled: each runs, returns rows, and has the
/// columns its panel uses.
/// </summary>
public sealed class GrafanaSqlTests(DemoDatabaseFixture fixture) : IClassFixture<DemoDatabaseFixture>
{
    public static TheoryData<string, string> PostgresQueries()
    {
        var data = new TheoryData<string, string>();
        foreach (var q in GrafanaDashboards.Queries().Where(q => q.DatasourceUid == GrafanaDashboards.PostgresUid)) data.Add(q.Dashboard, q.Panel);
        return data;
    }

    [Fact]
    public void EveryQuery_UsesAProvisionedDataSource_AndTheDashboardsCoverWhatTheIssueNames()
    {
        var queries = GrafanaDashboards.Queries();

        Assert.All(queries, q => Assert.Contains(q.DatasourceUid, new[] { GrafanaDashboards.PostgresUid, GrafanaDashboards.PrometheusUid }));
        var provisioned = File.ReadAllText(Repository.File("compose", "grafana", "provisioning", "datasources", "pulse.yml"));
        Assert.Contains($"uid: {GrafanaDashboards.PostgresUid}", provisioned, StringComparison.Ordinal);
        Assert.Contains($"uid: {GrafanaDashboards.PrometheusUid}", provisioned, StringComparison.Ordinal);
        Assert.Equal(["pulse-alerts", "pulse-daily", "pulse-dispatch", "pulse-patient-trends", "pulse-pipeline", "pulse-ward-overview"],
            queries.Select(q => q.Dashboard).Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(queries, q => q is { Dashboard: "pulse-patient-trends", Panel: "$patient" });
    }

    [Theory]
    [MemberData(nameof(PostgresQueries))]
    public void PanelQuery_RunsAndReturnsTheColumnsItsPanelUses(string dashboard, string panel)
    {
        var query = GrafanaDashboards.Queries().Single(q => q.Dashboard == dashboard && q.Panel == panel);
        var (first, last) = (Sql.Scalar<DateTime>(fixture.Database, "SELECT min(ts) FROM readings"), DateTime.UtcNow);
        var patient = Sql.Scalar<string>(fixture.Database, "SELECT patient_id FROM dispatch_orders LIMIT 1");
        var sql = GrafanaMacros.Expand(query.Text, new DateTimeOffset(first, TimeSpan.Zero).AddDays(-1), new DateTimeOffset(last, TimeSpan.Zero).AddDays(1),
            new Dictionary<string, string> { ["patient"] = patient });

        var (columns, rows) = Run(sql);

        Assert.True(rows.Count > 0, $"{query}: no rows\n{sql}");
        foreach (var column in query.Columns) Assert.True(columns.ContainsKey(column), $"{query}: no column '{column}' in [{string.Join(", ", columns.Keys)}]");
        if (query.Format == "time_series")
        {
            Assert.True(columns.TryGetValue("time", out var time) && (time == typeof(DateTime) || time == typeof(double) || time == typeof(decimal)),
                $"{query}: a time series needs a 'time' column of timestamps or epoch seconds; has [{string.Join(", ", columns.Select(c => $"{c.Key}:{c.Value.Name}"))}]");
            Assert.Contains(columns, c => c.Key is not "time" and not "metric" && (c.Value == typeof(long) || c.Value == typeof(int) || c.Value == typeof(double) || c.Value == typeof(decimal)));
            if (columns.TryGetValue("metric", out var metric)) Assert.Equal(typeof(string), metric);
            var times = rows.Select(r => Convert.ToDouble(r[0] is DateTime d ? (d - DateTime.UnixEpoch).TotalSeconds : r[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.True(times.SequenceEqual(times.Order()), $"{query}: rows not in time order");
        }
    }

    private (Dictionary<string, Type> Columns, List<object?[]> Rows) Run(string sql)
    {
        using var connection = new NpgsqlConnection(fixture.Database);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        using var reader = command.ExecuteReader();
        var columns = Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, reader.GetFieldType);
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return (columns, rows);
    }
}
