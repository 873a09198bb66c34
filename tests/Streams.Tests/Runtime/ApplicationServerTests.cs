using Pulse.Streams.Errors;
using Pulse.Streams.Internal.Runtime;

namespace Pulse.Streams.Tests.Runtime;

public class ApplicationServerTests
{
    [Fact]
    public void ClientId_CarriesTheApplicationServer_AndGivesItBack()
    {
        var clientId = ApplicationServerClientId.Encode("app-1a2b-StreamThread-0-consumer", "pulse-2.internal:8080");

        Assert.Equal("app-1a2b-StreamThread-0-consumer@pulse-2.internal:8080", clientId);
        Assert.Equal(new HostInfo("pulse-2.internal", 8080), ApplicationServerClientId.Decode(clientId));
    }

    [Fact]
    public void ClientId_WithoutAnApplicationServer_IsUnchanged_AndDecodesToNothing()
    {
        Assert.Equal("app-StreamThread-0-consumer", ApplicationServerClientId.Encode("app-StreamThread-0-consumer", null));
        Assert.Null(ApplicationServerClientId.Decode("app-StreamThread-0-consumer"));
        Assert.Null(ApplicationServerClientId.Decode("someone@else"));
    }

    [Theory]
    [InlineData("no-port")]
    [InlineData("host:0")]
    [InlineData("host:70000")]
    [InlineData(":8080")]
    [InlineData("a@b:8080")]
    public void HostInfo_Parse_RejectsWhatIsNotHostColonPort_NamingTheSetting(string value)
    {
        var ex = Assert.Throws<StreamsConfigException>(() => HostInfo.Parse(value));

        Assert.Contains(nameof(StreamsConfig.ApplicationServer), ex.Message, StringComparison.Ordinal);
    }
}
