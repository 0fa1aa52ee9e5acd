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
    boolean delayStarted;
    boolean due;                                            // the delay has passed
    boolean loading;                                        // the checkpoint and attempt number are being read
    JobMasterCommand.TasksRestoring restoring;              // what they restore, as which attempt

    TaskRestart(String error) {
        this.error = error;
    }
}
