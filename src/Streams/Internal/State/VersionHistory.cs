using System.Buffers.Binary;

namespace Pulse.Streams.Internal.State;

/// <summary>One value of a key in a versioned store: valid from <see cref="Timestamp"/>; a null value is a tombstone.</summary>
internal readonly record struct StoredVersion(long Timestamp, byte[]? Value);

/// <summary>A value read from a versioned byte store, with when it became valid and, unless it is the latest, when it stopped.</summary>
internal readonly record struct VersionedBytes(byte[] Value, long Timestamp, long? ValidTo);

/// <summary>
/// The stored form of a key's versions in a versioned store: the versions newest first, each as an 8-byte big-endian
/// timestamp, a 4-byte big-endian length (-1 for a tombstone) and the value's bytes. Invariant: timestamps strictly
/// decrease, so each version is valid until the timestamp of the one before it (the first, the latest, until further notice).
/// </summary>
internal static class VersionHistory
{
    public static List<StoredVersion> Decode(byte[]? data)
    {
        var versions = new List<StoredVersion>();
        if (data is null) return versions;
        var span = data.AsSpan();
        while (!span.IsEmpty)
        {
            var timestamp = BinaryPrimitives.ReadInt64BigEndian(span);
            var length = BinaryPrimitives.ReadInt32BigEndian(span[8..]);
            span = span[12..];
            byte[]? value = null;
            if (length >= 0)
            {
                value = span[..length].ToArray();
                span = span[length..];
            }
            versions.Add(new StoredVersion(timestamp, value));
        }
        return versions;
    }

    public static byte[] Encode(List<StoredVersion> versions)
    {
        var size = 0;
        foreach (var v in versions) size += 12 + (v.Value?.Length ?? 0);
        var data = new byte[size];
        var span = data.AsSpan();
        foreach (var v in versions)
        {
            BinaryPrimitives.WriteInt64BigEndian(span, v.Timestamp);
            BinaryPrimitives.WriteInt32BigEndian(span[8..], v.Value?.Length ?? -1);
            span = span[12..];
            if (v.Value is null) continue;
            v.Value.CopyTo(span);
            span = span[v.Value.Length..];
        }
        return data;
    }

    /// <summary>The index of the newest version valid at <paramref name="timestamp"/> (timestamp not after it), or the count when none is.</summary>
    public static int IndexAt(List<StoredVersion> versions, long timestamp)
    {
        var i = 0;
        while (i < versions.Count && versions[i].Timestamp > timestamp) i++;
        return i;
    }

    /// <summary>
    /// Drops the versions no read can reach any more: those that stopped being valid at or before <paramref name="boundary"/>
    /// (stream time minus the history retention), and a latest tombstone older than it. True when anything was dropped.
    /// </summary>
    public static bool Trim(List<StoredVersion> versions, long boundary)
    {
        var before = versions.Count;
        for (var i = 1; i < versions.Count; i++)
        {
            if (versions[i - 1].Timestamp > boundary) continue;
            versions.RemoveRange(i, versions.Count - i);
            break;
        }
        if (versions.Count == 1 && versions[0].Value is null && versions[0].Timestamp < boundary) versions.Clear();
        return versions.Count != before;
    }
}
