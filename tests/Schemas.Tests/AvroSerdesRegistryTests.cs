using Confluent.SchemaRegistry;
using Pulse.Schemas;
using Pulse.Schemas.Registry;

namespace Pulse.Schemas.Tests;

public class AvroSerdesRegistryTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("inprocess")]
    [InlineData(" InProcess ")]
    public void NoUrlOrInprocess_GivesASeededInProcessRegistry(string? url)
    {
        using var registry = AvroSerdes.Registry(url);

        Assert.IsType<InProcessSchemaRegistry>(registry);
        Assert.Equal("in-process schema registry (8 schemas)", registry.ToString());
    }

    [Theory]
    [InlineData("http://registry:8081")]
    [InlineData("https://registry.example.com")]
    [InlineData("http://a:8081, http://b:8081")]
    public void Url_GivesConfluentsCachedClient(string url)
    {
        using var registry = AvroSerdes.Registry(url);

        Assert.IsType<CachedSchemaRegistryClient>(registry);
        Assert.Contains(registry.Config, p => p.Key == "schema.registry.url" && p.Value == url.Replace(" ", "", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("registry:8081")]
    [InlineData("not a url")]
    [InlineData("ftp://registry:8081")]
    [InlineData("http://a:8081,/relative")]
    public void MalformedUrl_IsRefusedWithAMessageNamingIt(string url)
    {
        var error = Assert.Throws<ArgumentException>(() => AvroSerdes.Registry(url));

        Assert.Equal("url", error.ParamName);
        Assert.Contains("is not an absolute http:// or https:// URL; use 'inprocess'", error.Message, StringComparison.Ordinal);
        Assert.Contains(url.Split(',')[^1], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CredentialsInAMalformedUrl_AreMasked()
    {
        var error = Assert.Throws<ArgumentException>(() => AvroSerdes.Registry("htp://svc:s3cret@registry:8081"));

        Assert.Contains("'htp://***@registry:8081'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_PassThroughToConfluentsClient_AndTheUrlArgumentWins()
    {
        var settings = new Dictionary<string, string>
        {
            ["schema.registry.url"] = "http://ignored:8081",
            ["schema.registry.basic.auth.credentials.source"] = "USER_INFO",
            ["schema.registry.basic.auth.user.info"] = "svc:s3cret",
            ["schema.registry.request.timeout.ms"] = "5000",
        };

        using var registry = AvroSerdes.Registry("http://registry:8081", settings);

        Assert.Contains(registry.Config, p => p.Key == "schema.registry.url" && p.Value == "http://registry:8081");
        Assert.Contains(registry.Config, p => p.Key == "schema.registry.request.timeout.ms" && p.Value == "5000");
        Assert.Equal("http://ignored:8081", settings["schema.registry.url"]); // the caller's dictionary is not changed
        Assert.DoesNotContain("s3cret", registry.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void BadAuthSetting_IsReportedWithoutTheSecret()
    {
        var settings = new Dictionary<string, string>
        {
            ["schema.registry.basic.auth.credentials.source"] = "NONSENSE",
            ["schema.registry.basic.auth.user.info"] = "svc:s3cret",
        };

        var error = Assert.ThrowsAny<ArgumentException>(() => AvroSerdes.Registry("http://registry:8081", settings));

        Assert.DoesNotContain("s3cret", error.ToString(), StringComparison.Ordinal);
    }
}
