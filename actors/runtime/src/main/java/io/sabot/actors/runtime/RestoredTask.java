package io.sabot.actors.runtime;

import io.sabot.actors.serialization.ControlMessage;
import io.sabot.state.backend.SnapshotHandle;
import java.util.List;

/**
 * What a task restores from checkpoint {@code checkpointId}: operator state (a source's position, an
 * agent's watermarks and its function's operator state such as broadcast state, a sink's
 * pre-committed output; null when there is none for it) and the keyed state handles of every
 * subtask of its vertex (a subtask keeps the key groups it owns now, whatever the parallelism was).
 * {@code rescaled}: the task's input channels are not those of the checkpoint — its vertex had
 * another parallelism (then the operator state is that of old subtask i mod (old parallelism), not
 * the task's own), or a vertex feeding it did — so its event time starts afresh (only agents
 * restore rescaled).
 */
public record RestoredTask(long checkpointId, byte[] operatorState, List<SnapshotHandle> keyedState, boolean rescaled)
        implements ControlMessage {

    public RestoredTask {
        keyedState = List.copyOf(keyedState);
    }
}
