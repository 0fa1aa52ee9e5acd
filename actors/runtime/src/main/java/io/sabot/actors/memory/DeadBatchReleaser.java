package io.sabot.actors.memory;

import org.apache.pekko.actor.DeadLetter;
import org.apache.pekko.actor.Dropped;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** Frees the Arrow buffers of batches that could not be delivered. */
final class DeadBatchReleaser {

    private DeadBatchReleaser() {}

    static Behavior<Object> create() {
        return Behaviors.receive(Object.class)
                .onMessage(DeadLetter.class, dead -> release(dead.message()))
                .onMessage(Dropped.class, dropped -> release(dropped.message()))
                .build();
    }

    private static Behavior<Object> release(Object message) {
        if (message instanceof CarriesArrowBuffers carrier) {
            carrier.release();
        }
        return Behaviors.same();
    }
}
