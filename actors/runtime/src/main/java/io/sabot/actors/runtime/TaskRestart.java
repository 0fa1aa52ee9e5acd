package io.sabot.actors.runtime;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The state of one partial restart in a {@link JobMaster}: which tasks restart, which of their old
 * incarnations are still being cancelled, and which of the steps before the new ones are deployed
 * are done (the coordinator's restart point, the supervisor's decision and delay, the restored
 * checkpoint and the new attempt number).
 */
final class TaskRestart {

    final String error;                                     // the first failure
    final Set<String> keys = new LinkedHashSet<>();         // the tasks that restart, by task key
    final Set<TaskId> cancelling = new LinkedHashSet<>();   // old incarnations not yet gone
    int restartPoints;                                      // coordinator answers still to come
    long delayMillis = -1;                                  // the supervisor's delay; -1: not decided yet
    boolean due;                                            // the delay has passed
    JobMasterCommand.TasksRestoring restoring;              // what they restore, as which attempt
    private boolean delayStarted;
    private boolean loading;                                // the checkpoint and attempt number are being read

    TaskRestart(String error) {
        this.error = error;
    }

    /** What the master does next. */
    enum Step { AWAIT_CANCELLATION, WAIT, START_DELAY, LOAD, DEPLOY }

    /**
     * The next step, in order: wait until the old incarnations are gone, the coordinator has
     * answered and the supervisor has decided; start the delay (once); when it is due, load the
     * checkpoint and attempt number (once); then deploy.
     */
    Step next() {
        if (!cancelling.isEmpty()) {
            return Step.AWAIT_CANCELLATION;
        }
        if (restartPoints > 0 || delayMillis < 0) {
            return Step.WAIT;
        }
        if (!delayStarted) {
            delayStarted = true;
            return Step.START_DELAY;
        }
        if (!due || (restoring == null && loading)) {
            return Step.WAIT;
        }
        if (restoring == null) {
            loading = true;
            return Step.LOAD;
        }
        return Step.DEPLOY;
    }
}
