package io.sabot.supervision;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The answer to {@link Supervisor.GetChildren}: each child's stable ref, valid across the child's
 * restarts (not across a restart of the supervisor itself). Messages told to it reach the running
 * incarnation, are stashed while the child restarts, and are rejected once it was removed.
 */
public final class Children {

    private record Entry(Class<?> messageClass, ActorRef<Object> ref) {}

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    Children(List<ChildSpec<?>> specs, List<ActorRef<Object>> refs) {
        for (int i = 0; i < specs.size(); i++) {
            entries.put(specs.get(i).name(), new Entry(specs.get(i).messageClass(), refs.get(i)));
        }
    }

    /** The ref of child {@code name}, for messages of {@code messageClass} (its spec's class or a subtype). */
    public <T> ActorRef<T> ref(String name, Class<T> messageClass) {
        Entry entry = entries.get(name);
        if (entry == null) {
            throw new NoSuchElementException("no child named '" + name + "' (children: " + entries.keySet() + ")");
        }
        if (!entry.messageClass().isAssignableFrom(messageClass)) {
            throw new IllegalArgumentException("child '" + name + "' takes " + entry.messageClass().getName()
                    + ", not " + messageClass.getName());
        }
        return entry.ref().narrow();
    }

    /** The ref of the child {@code spec} describes. */
    public <T> ActorRef<T> ref(ChildSpec<T> spec) {
        return ref(spec.name(), spec.messageClass());
    }

    /** The children's names, in start order. */
    public List<String> names() {
        return List.copyOf(entries.keySet());
    }

    @Override
    public String toString() {
        return "Children" + entries.keySet();
    }
}
