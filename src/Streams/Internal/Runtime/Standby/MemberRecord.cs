using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Pulse.Streams.Internal.Runtime.Standby;

/// <summary>
/// One instance's heartbeat on the <c>&lt;application.id&gt;-members</c> topic: keyed by its instance id, a small
/// JSON value (<c>{"v":1,"server":"host:port","active":["0_1"],"standby":["0_2"],"time":1700000000000}</c>) with
/// its active and standby tasks, its <see cref="StreamsConfig.ApplicationServer"/> (or null) and when it was
/// sent (the sender's <see cref="StreamsConfig.TimeProvider"/>, Unix ms). A null value (a tombstone) says the
/// instance left. Readers ignore fields they do not know, so later versions may add some.
/// </summary>
internal sealed record MemberRecord(string InstanceId, string? ApplicationServer, IReadOnlyList<TaskId> Active, IReadOnlyList<TaskId> Standby, long TimestampMs)
{
    public static byte[] EncodeKey(string instanceId) => Encoding.UTF8.GetBytes(instanceId);

    public byte[] EncodeValue()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("v", 1);
            json.WriteString("server", ApplicationServer);
            WriteTasks(json, "active", Active);
            WriteTasks(json, "standby", Standby);
            json.WriteNumber("time", TimestampMs);
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>The record of <paramref name="key"/>, or null for a tombstone, a missing key or a value that does not parse (skipped, not fatal: the topic is shared).</summary>
    public static MemberRecord? Decode(byte[]? key, byte[]? value)
    {
        if (key is null || value is null) return null;
        try
        {
            using var doc = JsonDocument.Parse(value);
            var root = doc.RootElement;
            var server = root.TryGetProperty("server", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            return new MemberRecord(Encoding.UTF8.GetString(key), server, ReadTasks(root, "active"), ReadTasks(root, "standby"), root.GetProperty("time").GetInt64());
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    public static TaskId ParseTaskId(string text)
    {
        var underscore = text.IndexOf('_', StringComparison.Ordinal);
        if (underscore <= 0) throw new FormatException($"'{text}' is not a task id (subtopology_partition).");
        return new TaskId(int.Parse(text.AsSpan(0, underscore), CultureInfo.InvariantCulture), int.Parse(text.AsSpan(underscore + 1), CultureInfo.InvariantCulture));
    }

    private static void WriteTasks(Utf8JsonWriter json, string name, IReadOnlyList<TaskId> tasks)
    {
        json.WriteStartArray(name);
        foreach (var task in tasks) json.WriteStringValue(task.ToString());
        json.WriteEndArray();
    }

    private static List<TaskId> ReadTasks(JsonElement root, string name) =>
        root.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray().Select(e => ParseTaskId(e.GetString() ?? "")).ToList()
            : [];
}
