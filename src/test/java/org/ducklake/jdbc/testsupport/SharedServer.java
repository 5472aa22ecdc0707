package org.ducklake.jdbc.testsupport;

import java.io.IOException;

/**
 * How every test server is shared: started on first use, once per test JVM, and stopped by a shutdown hook when
 * the JVM exits. A start that fails is reported to the caller and tried again on the next use.
 *
 * <pre>private static final SharedServer&lt;S3Server&gt; SHARED = new SharedServer&lt;&gt;("S3 endpoint", S3Server::start, S3Server::stopServer);
 * public static S3Server get() { return SHARED.get(); }</pre>
 */
final class SharedServer<S> {

    /** Starts the server (it listens once this returns). */
    @FunctionalInterface
    interface Start<S> {
        S start() throws IOException, InterruptedException;
    }

    /** Stops the server at exit. */
    @FunctionalInterface
    interface Stop<S> {
        void stop(S server) throws IOException, InterruptedException;
    }

    private final String name;
    private final Start<S> start;
    private final Stop<S> stop;
    private S server;

    SharedServer(String name, Start<S> start, Stop<S> stop) {
        this.name = name;
        this.start = start;
        this.stop = stop;
    }

    /** The server, started now if this is its first use. */
    synchronized S get() {
        if (server == null) {
            S started;
            try {
                started = start.start();
            } catch (IOException e) {
                throw new IllegalStateException("could not start the test " + name + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting the test " + name, e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stopQuietly(started), "stop test " + name));
            server = started;
        }
        return server;
    }

    private void stopQuietly(S s) {
        try {
            stop.stop(s);
        } catch (IOException | InterruptedException e) {
            // The JVM is exiting; nothing else to do.
        }
    }
}
