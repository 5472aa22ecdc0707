package org.ducklake.jdbc.instance;

import java.util.concurrent.atomic.LongAdder;
import org.ducklake.jdbc.wrapper.LakeEvents;

/**
 * The counts one lake instance keeps for its management view (LakeMonitor): lock-free, so counting never
 * waits nor changes the lock order of the connections that count.
 */
final class LakeStats implements LakeEvents {
    final LongAdder statementsRunning = new LongAdder();
    final LongAdder commits = new LongAdder();
    final LongAdder commitConflicts = new LongAdder();
    final LongAdder failedCommits = new LongAdder();
    final LongAdder abandonedCalls = new LongAdder();
    final LongAdder engineReuses = new LongAdder();

    @Override
    public void statementStarted() {
        statementsRunning.increment();
    }

    @Override
    public void statementEnded() {
        statementsRunning.decrement();
    }

    @Override
    public void committed() {
        commits.increment();
    }

    @Override
    public void commitFailed(String sqlState) {
        if ("40001".equals(sqlState)) {
            commitConflicts.increment();
        } else {
            failedCommits.increment();
        }
    }

    @Override
    public void callAbandoned() {
        abandonedCalls.increment();
    }
}
