package io.sabot.actors.testing;

import io.sabot.actors.cluster.SabotNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Tests that run jobs on one real single-node cluster, shared by the class's tests. */
public abstract class OnOneNode {

    protected static SabotNode node;

    @BeforeAll
    static void startNode() {
        node = SabotNode.start();
    }

    @AfterAll
    static void stopNode() {
        node.close(); // fails if any Arrow buffer leaked
    }
}
