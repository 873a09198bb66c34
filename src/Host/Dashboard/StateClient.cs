using Microsoft.Extensions.Options;

namespace Pulse.Host.Dashboard;

/// <summary>Asks a replica's interactive queries for a patient's live state (<c>GET /state/patients/{id}</c>), which it answers or forwards.</summary>
internal sealed class StateClient(IOptions<DashboardOptions> options)
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public bool Configured => !string.IsNullOrWhiteSpace(options.Value.StateUrl);

    /// <summary>The replica's answer (status and JSON body), or a 502 saying why there was none.</summary>
    public async Task<(int Status, string Json)> PatientAsync(string patientId, CancellationToken cancellationToken)
    {
        var url = new Uri(new Uri(options.Value.StateUrl!.TrimEnd('/') + "/"), $"state/patients/{Uri.EscapeDataString(patientId)}");
        try
        {
            using var response = await _http.GetAsync(url, cancellationToken).ConfigureAwait(false);
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return (502, System.Text.Json.JsonSerializer.Serialize(new { error = $"{options.Value.StateUrl} did not answer: {e.Message}" }));
        }
    }
}
