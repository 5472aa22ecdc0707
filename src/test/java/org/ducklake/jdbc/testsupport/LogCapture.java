package org.ducklake.jdbc.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects the driver's java.util.logging records while open: {@code try (LogCapture logs = LogCapture.driver()) {…}}. */
public final class LogCapture extends Handler implements AutoCloseable {
    private final Logger logger;
    private final List<LogRecord> records = new ArrayList<>();

    private LogCapture(Logger logger) {
        this.logger = logger;
        setLevel(Level.ALL);
        logger.addHandler(this);
    }

    /** Records of the driver's loggers ({@code org.ducklake.jdbc}). */
    public static LogCapture driver() {
        return new LogCapture(Logger.getLogger("org.ducklake.jdbc"));
    }

    public synchronized List<LogRecord> records() {
        return new ArrayList<>(records);
    }

    @Override
    public synchronized void publish(LogRecord r) {
        records.add(r);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
