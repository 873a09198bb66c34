using Confluent.Kafka;

namespace Pulse.Streams.State;

/// <summary>Hears restore progress: a store being rebuilt from its changelog partition when a task starts.</summary>
public interface IStateRestoreListener
{
    /// <summary>Restoring <paramref name="storeName"/> from <paramref name="changelog"/> starts at <paramref name="startOffset"/> and ends before <paramref name="endOffset"/>.</summary>
    void OnRestoreStart(TopicPartition changelog, string storeName, long startOffset, long endOffset) { }

    /// <summary>A batch of <paramref name="count"/> records up to <paramref name="batchEndOffset"/> was applied.</summary>
    void OnBatchRestored(TopicPartition changelog, string storeName, long batchEndOffset, long count) { }

    /// <summary>Restoring finished after <paramref name="totalRestored"/> records.</summary>
    void OnRestoreEnd(TopicPartition changelog, string storeName, long totalRestored) { }
}
