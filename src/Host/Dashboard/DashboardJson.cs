using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pulse.Host.Dashboard;

/// <summary>How the dashboard writes and reads JSON: camelCase, nulls left out.</summary>
internal static class DashboardJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
