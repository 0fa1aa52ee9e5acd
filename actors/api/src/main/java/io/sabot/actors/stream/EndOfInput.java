package io.sabot.actors.stream;

/** The last element of a channel: its upstream subtask has emitted everything. */
public enum EndOfInput implements StreamElement {
    INSTANCE
}
