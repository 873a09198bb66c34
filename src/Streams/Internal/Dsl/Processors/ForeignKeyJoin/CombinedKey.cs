using System.Buffers.Binary;

namespace Pulse.Streams.Internal.Dsl.Processors.ForeignKeyJoin;

/// <summary>
/// The subscription store's key: the foreign key's length as 4 big-endian bytes, its bytes, then the left row's key bytes, as
/// Kafka's <c>CombinedKeySchema</c>. Every subscriber of one foreign key shares the prefix (length and foreign key), so a
/// range scan from the prefix finds them all, in the order of their keys' bytes.
/// </summary>
internal static class CombinedKey
{
    public static byte[] Of(byte[] foreignKey, byte[] primaryKey)
    {
        var key = new byte[4 + foreignKey.Length + primaryKey.Length];
        BinaryPrimitives.WriteInt32BigEndian(key, foreignKey.Length);
        foreignKey.CopyTo(key, 4);
        primaryKey.CopyTo(key, 4 + foreignKey.Length);
        return key;
    }

    /// <summary>The prefix every subscriber of <paramref name="foreignKey"/> shares.</summary>
    public static byte[] Prefix(byte[] foreignKey) => Of(foreignKey, []);

    /// <summary>
    /// The smallest key above every key starting with <paramref name="prefix"/> (the prefix plus one, carried): the end of
    /// a prefix scan. Exists for every prefix here, whose first byte (of a non-negative length) is below 0xFF.
    /// </summary>
    public static byte[] PrefixEnd(byte[] prefix)
    {
        var end = (byte[])prefix.Clone();
        for (var i = end.Length - 1; i >= 0; i--)
            if (++end[i] != 0) return end;
        throw new InvalidOperationException("a prefix of only 0xFF bytes has no end");
    }

    public static bool HasPrefix(byte[] key, byte[] prefix) => key.AsSpan().StartsWith(prefix);

    /// <summary>The left row's key bytes in a combined key.</summary>
    public static byte[] PrimaryKey(byte[] key) => key.AsSpan(4 + BinaryPrimitives.ReadInt32BigEndian(key)).ToArray();
}
