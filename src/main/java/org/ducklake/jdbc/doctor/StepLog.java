package org.ducklake.jdbc.doctor;

import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import org.ducklake.jdbc.errors.SqlErrors;
import org.ducklake.jdbc.instance.SetupSteps;

/** Prints each set-up step as it ends, with its time and statement, and remembers the one that failed. */
final class StepLog implements SetupSteps.Listener {
    private final PrintStream out;
    private final SqlErrors mask;
    private int steps;
    private String failedStep;
    private String running;

    StepLog(PrintStream out, SqlErrors mask) {
        this.out = out;
        this.mask = mask;
    }

    @Override
    public void started(String step) {
        running = step;
    }

    @Override
    public void finished(String step, String detail, long nanos, Throwable failure) {
        steps++;
        running = null;
        if (failure != null && failedStep == null) {
            failedStep = step;
        }
        line(failure == null ? "ok" : "FAILED", step, detail, nanos);
    }

    /** One line per step, its statement (secrets already masked by the driver; masked again here) below. */
    void line(String result, String step, String detail, long nanos) {
        out.printf("  %-6s %7d ms  %s%n", result, TimeUnit.NANOSECONDS.toMillis(nanos), step);
        if (detail != null && !detail.isEmpty()) {
            out.println("                     " + mask.scrub(detail));
        }
    }

    int steps() {
        return steps;
    }

    /** The step that failed, else the one that was running when the connect gave up, else null. */
    String failedStep() {
        return failedStep != null ? failedStep : running;
    }
}
