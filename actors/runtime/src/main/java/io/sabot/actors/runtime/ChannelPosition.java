package io.sabot.actors.runtime;

import io.sabot.actors.serialization.ControlMessage;

/**
 * Where a delivered element sits in its sender's stream on one channel, so that a receiver takes
 * what a restarted sender sends again only once ({@link ReceivedPositions}).
 *
 * @param attempt  the sender's attempt: an element of an earlier incarnation than one already heard
 *                 from is late (its sender is gone)
 * @param since    the checkpoint the sender numbers from: its elements after that checkpoint's barrier
 *                 are 0, 1, 2, ... (-1: from the start of the job)
 * @param seq      the element's number (a barrier: the number the next element gets; barriers are
 *                 not counted)
 * @param firstRow a slice of a batch (sent to another node in parts): its first row in the batch, else 0
 * @param last     false for a slice that more slices of the same batch follow
 */
public record ChannelPosition(int attempt, long since, long seq, int firstRow, boolean last) implements ControlMessage {}
