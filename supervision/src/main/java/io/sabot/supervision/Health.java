package io.sabot.supervision;

import java.util.List;
import java.util.NoSuchElementException;

/** The answer to {@link Supervisor.GetHealth}: every child, in start order. */
public record Health(List<ChildHealth> children) {

    public Health {
        children = List.copyOf(children);
    }

    /** The child named {@code name}. */
    public ChildHealth child(String name) {
        return children.stream().filter(child -> child.name().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no child named '" + name + "'"));
    }

    /** True when every child that was not removed is running. */
    public boolean allRunning() {
        return children.stream().allMatch(child -> child.state() == ChildState.RUNNING || child.state() == ChildState.REMOVED);
    }
}
