using System.Text.Json.Nodes;

namespace Pulse.Host.Tests.TestSupport;

/// <summary>The Grafana dashboards provisioned by compose/ (compose/grafana/dashboards/*.json), query by query.</summary>
internal static class GrafanaDashboards
{
    public const string PostgresUid = "pulse-postgres";
    public const string PrometheusUid = "pulse-prometheus";

    /// <summary>
    /// One query of a dashboard: a panel's target, or a template variable's query (panel "$name"), with the result columns
    /// the panel names (its overrides, sorting, fields and axes).
    /// </summary>
    public sealed record Query(string Dashboard, string Panel, string PanelType, string DatasourceUid, string Text, string Format, IReadOnlyList<string> Columns)
    {
        public override string ToString() => $"{Dashboard} / {Panel}";
    }

    public static IReadOnlyList<string> Files() =>
        [.. Directory.GetFiles(Repository.File("compose", "grafana", "dashboards"), "*.json").Order(StringComparer.Ordinal)];

    public static JsonObject Load(string file) => (JsonObject)JsonNode.Parse(System.IO.File.ReadAllText(file))!;

    public static IReadOnlyList<Query> Queries()
    {
        var queries = new List<Query>();
        foreach (var file in Files())
        {
            var dashboard = Load(file);
            var name = (string)dashboard["uid"]!;
            foreach (var panel in dashboard["panels"]!.AsArray().Select(p => p!.AsObject()))
            {
                var panelUid = (string?)panel["datasource"]?["uid"];
                foreach (var target in panel["targets"]!.AsArray().Select(t => t!.AsObject()))
                {
                    var uid = (string?)target["datasource"]?["uid"] ?? panelUid ?? "";
                    var text = (string?)target["rawSql"] ?? (string?)target["expr"] ?? "";
                    queries.Add(new Query(name, (string)panel["title"]!, (string)panel["type"]!, uid, text, (string?)target["format"] ?? "", ColumnsNamedBy(panel)));
                }
            }
            foreach (var variable in dashboard["templating"]?["list"]?.AsArray().Select(v => v!.AsObject()) ?? [])
                if ((string?)variable["type"] == "query")
                    queries.Add(new Query(name, "$" + (string)variable["name"]!, "variable", (string?)variable["datasource"]?["uid"] ?? "", QueryText(variable["query"]), "table", []));
        }
        return queries;
    }

    private static List<string> ColumnsNamedBy(JsonObject panel)
    {
        var names = new List<string>();
        foreach (var o in panel["fieldConfig"]?["overrides"]?.AsArray() ?? [])
            if ((string?)o?["matcher"]?["id"] == "byName") names.Add((string)o!["matcher"]!["options"]!);
        foreach (var sort in panel["options"]?["sortBy"]?.AsArray() ?? []) names.Add((string)sort!["displayName"]!);
        if ((string?)panel["options"]?["xField"] is { } x) names.Add(x);
        if ((string?)panel["options"]?["reduceOptions"]?["fields"] is { Length: > 4 } fields && fields.StartsWith("/^", StringComparison.Ordinal) && fields.EndsWith("$/", StringComparison.Ordinal))
            names.Add(fields[2..^2]);
        return names;
    }

    private static string QueryText(JsonNode? query) => query switch
    {
        JsonValue v => (string)v!,
        JsonObject o => (string?)o["rawSql"] ?? (string?)o["query"] ?? "",
        _ => "",
    };
}
