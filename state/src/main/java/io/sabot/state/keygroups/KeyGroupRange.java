package io.sabot.state.keygroups;

/** An inclusive, contiguous range of key groups: the key groups one subtask owns. */
public record KeyGroupRange(int startKeyGroup, int endKeyGroup) {

    public KeyGroupRange {
        if (startKeyGroup < 0 || endKeyGroup < startKeyGroup - 1) {
            throw new IllegalArgumentException(
                    "invalid key group range [" + startKeyGroup + ", " + endKeyGroup + "]");
        }
    }

    public boolean contains(int keyGroup) {
        return keyGroup >= startKeyGroup && keyGroup <= endKeyGroup;
    }

    public int numberOfKeyGroups() {
        return endKeyGroup - startKeyGroup + 1;
    }

    @Override
    public String toString() {
        return "[" + startKeyGroup + ", " + endKeyGroup + "]";
    }
}
