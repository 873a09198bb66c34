using System.Diagnostics;
using System.Text.RegularExpressions;
using Pulse.Host.Commands;
using Pulse.Host.Tests.TestSupport;
using YamlDotNet.RepresentationModel;

namespace Pulse.Host.Tests.Deploy;

/// <summary>
/// compose/*.yml as Debian's <c>docker-compose config</c> reads them (no Docker engine runs here), the Dockerfile, and
/// Prometheus's scrape list: valid files, pinned images, passwords only from .env, a start order that needs no manual
/// step, and every Pulse command and setting in them one that <c>pulse</c> takes.
/// </summary>
public sealed partial class ComposeFilesTests
{
    public static TheoryData<string> ComposeFiles() => new("docker-compose.yml", "dev.yml");

    [Theory]
    [MemberData(nameof(ComposeFiles))]
    public void Config_IsValid_ImagesPinned_AndEveryPulseServiceStartsAfterInit(string file)
    {
        var services = Services(file);

        foreach (var (name, service) in services)
        {
            if (service.Children.ContainsKey("build")) continue; // Pulse itself, built from ../Dockerfile
            var image = Scalar(service, "image");
            Assert.Matches(@"^[\w./-]+:v?\d+\.\d+[\w.-]*$", image); // a version tag (major.minor at least), never latest
            Assert.True(service.Children.ContainsKey("healthcheck"), $"{file}: {name} has no health check");
        }
        var pulse = services.Where(s => s.Value.Children.ContainsKey("build")).ToDictionary(s => s.Key, s => s.Value);
        Assert.Equal(["archive", "dashboard", "init", "replica", "simulate", "simulate-vehicles", "sink"], pulse.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, service) in pulse.Where(s => s.Key != "init"))
            Assert.Equal("service_completed_successfully", Scalar(Map(Map(service, "depends_on"), "init"), "condition"));
        var init = Map(pulse["init"], "depends_on");
        Assert.All(services.Keys.Where(k => k.StartsWith("kafka", StringComparison.Ordinal)).Append("postgres").Append("schema-registry"),
            dependency => Assert.Equal("service_healthy", Scalar(Map(init, dependency), "condition")));
        Assert.Equal("no", Scalar(pulse["init"], "restart"));

        var replica = Commands(pulse["replica"]);
        Assert.Equal(["run", "--processing-guarantee", "exactly_once_v2", "--standby-replicas", "1", "--state-dir", "/var/lib/pulse/state"], replica);
        Assert.Contains("/var/lib/pulse/state", ((YamlSequenceNode)pulse["replica"].Children["volumes"]).Select(v => v.ToString()).Single(), StringComparison.Ordinal);
        Assert.Equal(file == "dev.yml" ? 1 : 3, services.Keys.Count(k => k.StartsWith("kafka-", StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(ComposeFiles))]
    public void PulseServices_RunRealCommandsWithValidFlags_AndOnlySettingsTheirCommandsTake(string file)
    {
        foreach (var (name, service) in Services(file).Where(s => s.Value.Children.ContainsKey("build")))
        {
            var args = Commands(service);
            var parse = PulseCli.Create().Parse(args);
            Assert.True(parse.Errors.Count == 0, $"{file}: {name}: pulse {string.Join(' ', args)}: {string.Join("; ", parse.Errors.Select(e => e.Message))}");
            var (exit, help, error) = Cli.Invoke([.. args, "--help"]);
            Assert.True(exit == 0, $"{file}: {name}: {error}");
            foreach (var key in ((YamlMappingNode)service.Children["environment"]).Children.Keys.Select(k => k.ToString()))
            {
                Assert.StartsWith("PULSE__", key, StringComparison.Ordinal);
                var setting = key["PULSE__".Length..].Replace("__", ":", StringComparison.Ordinal);
                Assert.True(help.Contains($"[{setting}]", StringComparison.Ordinal), $"{file}: {name}: {key} is not a setting of 'pulse {args[0]}'");
            }
        }
    }

    [Fact]
    public void Passwords_ComeFromDotEnvOnly_AndTheExampleNamesEach()
    {
        var example = File.ReadAllText(Repository.File("compose", ".env.example"));
        foreach (var file in new[] { "docker-compose.yml", "dev.yml" })
        {
            var text = File.ReadAllText(Repository.File("compose", file));
            foreach (Match m in PasswordValue().Matches(text))
            {
                var value = m.Groups["value"].Value.Trim();
                Assert.True(value.StartsWith("${", StringComparison.Ordinal), $"{file}: a password written in the file: {m.Value.Trim()}");
                var variable = value[2..].Split(':', '}')[0];
                Assert.Contains($"\n{variable}=", "\n" + example, StringComparison.Ordinal);
            }
        }
        Assert.Contains("compose/.env", File.ReadAllText(Repository.File(".gitignore")), StringComparison.Ordinal);
    }

    [Fact]
    public void Dockerfile_MultiStage_NonRoot_HealthCheckedOnTheReplicasPort_EntrypointIsPulse()
    {
        var lines = File.ReadAllLines(Repository.File("Dockerfile"));

        Assert.Equal(2, lines.Count(l => l.StartsWith("FROM ", StringComparison.Ordinal)));
        Assert.Contains(lines, l => l.StartsWith("USER ", StringComparison.Ordinal) && !l.Contains("root", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains($"http://127.0.0.1:{RunCommand.DefaultHttpPort}/healthz", StringComparison.Ordinal));
        Assert.Contains($"PULSE__Http__Address=http://0.0.0.0:{RunCommand.DefaultHttpPort}", string.Join('\n', lines), StringComparison.Ordinal);
        Assert.Contains("ENTRYPOINT [\"/app/pulse\"]", lines);
        var cmd = lines.Single(l => l.StartsWith("CMD ", StringComparison.Ordinal));
        var args = Regex.Matches(cmd, "\"([^\"]*)\"").Select(m => m.Groups[1].Value).ToArray();
        Assert.Equal(0, Cli.Invoke(args).ExitCode);
        Assert.Contains(lines, l => l.Contains("libsasl2-2", StringComparison.Ordinal)); // librdkafka's one library beyond libc
    }

    [Fact]
    public void Prometheus_ScrapesEveryLongRunningPulseService()
    {
        var config = File.ReadAllText(Repository.File("compose", "prometheus", "prometheus.yml"));
        foreach (var service in new[] { "replica", "sink", "dashboard", "archive", "simulate", "simulate-vehicles" })
            Assert.Matches($@"names: \[[^\]]*\b{Regex.Escape(service)}\b[^\]]*\], type: A, port: {RunCommand.DefaultHttpPort}", config);
    }

    /// <summary>The services of <paramref name="file"/> as <c>docker-compose config</c> resolves them (anchors merged, .env.example's values).</summary>
    private static Dictionary<string, YamlMappingNode> Services(string file)
    {
        var start = new ProcessStartInfo("docker-compose")
        {
            ArgumentList = { "--env-file", Repository.File("compose", ".env.example"), "-f", Repository.File("compose", file), "config" },
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("docker-compose is needed to check the compose files (Debian: apt-get install docker-compose; .ci/run installs it).", e);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"docker-compose config {file}: {stderr}");
            var yaml = new YamlStream();
            yaml.Load(new StringReader(stdout.Result));
            var root = (YamlMappingNode)yaml.Documents[0].RootNode;
            return ((YamlMappingNode)root.Children["services"]).Children.ToDictionary(c => c.Key.ToString(), c => (YamlMappingNode)c.Value);
        }
    }

    private static string[] Commands(YamlMappingNode service) => [.. ((YamlSequenceNode)service.Children["command"]).Select(n => n.ToString())];

    private static YamlMappingNode Map(YamlMappingNode node, string key) => (YamlMappingNode)node.Children[key];

    private static string Scalar(YamlMappingNode node, string key) => node.Children[key].ToString();

    [GeneratedRegex(@"(?m)^\s*[\w.]*PASSWORD[\w.]*:\s*(?<value>.+)$|Password=(?<value>[^;\s]+)")]
    private static partial Regex PasswordValue();
}
