package io.sabot.actors.io.kafka;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka source subtask's offsets committed to its consumer group, for monitoring (the job resumes
 * from its checkpoints, never from these): those of each completed checkpoint, asynchronously, a
 * retriable failure (the group's coordinator not ready yet) tried again at the next poll; and, when a
 * bounded source ends, its final ones. A failure is only logged. Used on the reader's thread only.
 */
final class GroupOffsetCommits {

    private static final Logger LOG = LoggerFactory.getLogger(GroupOffsetCommits.class);

    private final KafkaConsumer<?, ?> consumer;
    private final String groupId;
    private long requested = -1;                           // the checkpoint whose offsets were committed last
    private Map<TopicPartition, OffsetAndMetadata> retry;  // its offsets, when that commit failed and may be retried

    GroupOffsetCommits(KafkaConsumer<?, ?> consumer, String groupId) {
        this.consumer = consumer;
        this.groupId = groupId;
    }

    /** Checkpoint {@code checkpointId} completed with these offsets. */
    void commit(long checkpointId, Map<TopicPartition, OffsetAndMetadata> offsets) {
        requested = checkpointId;
        retry = null;
        consumer.commitAsync(offsets, (committed, error) -> { // called in a later poll, on the reader's thread
            if (error instanceof RetriableException && checkpointId == requested) {
                retry = offsets;
            } else if (error != null) {
                LOG.warn("committing the offsets of checkpoint {} to group {} failed: {}", checkpointId, groupId, error.toString());
            }
        });
    }

    /** Before a poll: the last checkpoint's commit again, if it failed in a way that may pass now. */
    void retryIfFailed() {
        if (retry != null) {
            commit(requested, retry);
        }
    }

    /** The final offsets of a bounded source (its final checkpoint completes after the reader closed). */
    void commitFinal(Map<TopicPartition, OffsetAndMetadata> offsets) {
        try {
            consumer.commitSync(offsets, Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            LOG.warn("committing the final offsets to group {} failed: {}", groupId, e.toString());
        }
    }
}
