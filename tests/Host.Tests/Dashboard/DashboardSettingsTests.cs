using Pulse.Host.Dashboard;
using Pulse.Host.Tests.TestSupport;

namespace Pulse.Host.Tests.Dashboard;

/// <summary>The dashboard's settings: refused at start naming their flag, and loopback unless configured.</summary>
public class DashboardSettingsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("--urls", "nope", "Dashboard:Urls must be http://HOST:PORT")]
    [InlineData("--state-url", "ftp://replica", "Dashboard:StateUrl must be a replica's http://HOST:PORT")]
    public void Dashboard_BadSetting_ExitsTwoNamingTheFlag(string flag, string value, string expected)
    {
        var run = PulseProcess.Run(["dashboard", "--bootstrap-servers", "127.0.0.1:1", flag, value], timeout: Timeout);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.ErrorText, StringComparison.Ordinal);
        Assert.Contains($"set it with {flag}", run.ErrorText, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.ErrorText, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_DashboardPortOutOfRange_ExitsTwoNamingTheFlag()
    {
        var run = PulseProcess.Run(["demo", "--dashboard-port", "70000"], timeout: Timeout);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Demo:DashboardPort must be between 0 and 65535 (got 70000)", run.ErrorText, StringComparison.Ordinal);
        Assert.Contains("set it with --dashboard-port", run.ErrorText, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_Default_ListenOnLoopbackOnly()
    {
        var options = new DashboardOptions();

        Assert.Equal("http://127.0.0.1:8080", options.Urls);
        Assert.True(System.Net.IPAddress.IsLoopback(HttpEndpointAddress(options.Urls)));
    }

    private static System.Net.IPAddress HttpEndpointAddress(string urls) => Pulse.Host.Observability.HttpEndpointOptionsValidator.TryParse(urls)!.Address;
}
