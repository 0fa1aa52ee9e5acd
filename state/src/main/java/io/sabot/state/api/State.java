package io.sabot.state.api;

/** Keyed state: every access reads or writes the value of the current key. */
public interface State {

    /** Removes the current key's value. */
    void clear();
}
