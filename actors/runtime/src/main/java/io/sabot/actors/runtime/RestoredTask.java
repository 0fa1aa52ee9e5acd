package io.sabot.actors.runtime;

import io.sabot.actors.serialization.ControlMessage;
import io.sabot.state.backend.SnapshotHandle;
import java.util.List;

/**
 * What a task restores from checkpoint {@code checkpointId}: its own operator state (a source's
 * position, an agent's watermarks, a sink's pre-committed output; null when its vertex was rescaled
 * or had no such subtask) and the keyed state handles of every subtask of its vertex (a subtask
 * keeps the key groups it owns now, whatever the parallelism was).
 */
public record RestoredTask(long checkpointId, byte[] operatorState, List<SnapshotHandle> keyedState)
        implements ControlMessage {

    public RestoredTask {
        keyedState = List.copyOf(keyedState);
    }
}
