package org.ducklake.jdbc.testsupport;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the round trips a lake makes to its PostgreSQL catalog: a loopback proxy in front of the test's
 * PostgreSQL server that reads the client side of the wire protocol (v3) and counts each exchange the client
 * then waits on — a simple Query message ({@code Q}), or a Sync ({@code S}) that ends an extended-protocol
 * exchange (Parse/Bind/Execute). This is what the server receives, message by message, so it counts exactly
 * what a catalog transaction costs on the network, without changing the shared server's settings.
 *
 * <p>The proxy declines TLS and GSS encryption itself (answers {@code N}), so the stream stays readable; a
 * client that requires encryption fails to connect. The server's side is copied through unread.
 */
public final class PostgresRoundTrips implements AutoCloseable {
    private static final int SSL_REQUEST = 80877103;
    private static final int GSS_REQUEST = 80877104;
    private static final int CANCEL_REQUEST = 80877102;

    private final ServerSocket listener;
    private final int targetPort;
    private final AtomicLong roundTrips = new AtomicLong();
    private final List<String> statements = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    private PostgresRoundTrips(ServerSocket listener, int targetPort) {
        this.listener = listener;
        this.targetPort = targetPort;
    }

    /**
     * After a connect the instance prepares a spare engine connection on a background thread, and entering the
     * lake reads the catalog: the wire would count that against whichever call runs meanwhile. Waits until no
     * spare is being prepared (no driver thread is inside LakeInstance#prepareEngineConnection).
     */
    public static void awaitNoSparePreparing() throws InterruptedException {
        Await.until(
                Duration.ofSeconds(60),
                "the instance's spare engine connection prepared",
                () -> Thread.getAllStackTraces().entrySet().stream()
                        .noneMatch(e -> e.getKey().getName().startsWith("ducklake-jdbc-prepare")
                                && Arrays.stream(e.getValue())
                                        .anyMatch(f -> f.getMethodName().equals("prepareEngineConnection"))));
    }

    /** A proxy in front of the test's PostgreSQL server, accepting connections until closed. */
    public static PostgresRoundTrips start() throws IOException {
        ServerSocket listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        PostgresRoundTrips proxy =
                new PostgresRoundTrips(listener, PostgresServer.get().port());
        Thread accept = new Thread(proxy::acceptLoop, "pg-round-trips-accept");
        accept.setDaemon(true);
        accept.start();
        return proxy;
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** The lake's URL through this proxy. */
    public String url(TestLakes.PostgresLake lake) {
        return "jdbc:ducklake:postgres:host=127.0.0.1 port=" + port() + " dbname=" + lake.database;
    }

    /** Query and Sync messages received since the last reset. */
    public long roundTrips() {
        return roundTrips.get();
    }

    /** The text of the Query and Parse messages since the last reset (for a failure message or a report). */
    public List<String> statements() {
        return new ArrayList<>(statements);
    }

    public void reset() {
        roundTrips.set(0);
        statements.clear();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                // Each message is passed on as it comes: without this, Nagle's algorithm holds a small write
                // back until the peer's delayed ACK (about 40 ms a round trip), which the counts would not
                // show but every time measured through the proxy would.
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(server);
                start("pg-round-trips-client", () -> clientToServer(client, server));
                start("pg-round-trips-server", () -> copy(server, client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private static void start(String name, Runnable task) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
    }

    /** Reads the client's messages, counting the exchanges, and passes each on unchanged. */
    private void clientToServer(Socket client, Socket server) {
        try (client;
                server) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(client.getInputStream()));
            // A message goes out in one write (flushed whole), not a segment per byte of its header.
            OutputStream toServer = new BufferedOutputStream(server.getOutputStream(), 64 * 1024);
            // Start-up: untyped messages (length, then a code) until the StartupMessage itself.
            while (true) {
                int length = in.readInt();
                byte[] body = new byte[length - 4];
                in.readFully(body);
                int code = ((body[0] & 0xff) << 24)
                        | ((body[1] & 0xff) << 16)
                        | ((body[2] & 0xff) << 8)
                        | (body[3] & 0xff);
                if (code == SSL_REQUEST || code == GSS_REQUEST) {
                    client.getOutputStream().write('N');
                    client.getOutputStream().flush();
                    continue;
                }
                writeInt(toServer, length);
                toServer.write(body);
                toServer.flush();
                if (code == CANCEL_REQUEST) {
                    return;
                }
                break;
            }
            // Typed messages: one byte of type, the length (counting itself), the body.
            while (true) {
                int type = in.read();
                if (type < 0) {
                    return;
                }
                int length = in.readInt();
                byte[] body = new byte[length - 4];
                in.readFully(body);
                if (type == 'Q') {
                    roundTrips.incrementAndGet();
                    statements.add(text(body, 0));
                } else if (type == 'P') {
                    int nameEnd = indexOfZero(body, 0);
                    statements.add(text(body, nameEnd + 1));
                } else if (type == 'S') {
                    roundTrips.incrementAndGet();
                }
                toServer.write(type);
                writeInt(toServer, length);
                toServer.write(body);
                toServer.flush();
            }
        } catch (EOFException e) {
            // the client went away
        } catch (IOException e) {
            // a side closed
        }
    }

    private static void copy(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // a side closed
        } finally {
            closeQuietly(to);
        }
    }

    private static String text(byte[] body, int from) {
        int end = indexOfZero(body, from);
        return new String(body, from, end - from, StandardCharsets.UTF_8);
    }

    private static int indexOfZero(byte[] body, int from) {
        for (int i = from; i < body.length; i++) {
            if (body[i] == 0) {
                return i;
            }
        }
        return body.length;
    }

    private static void writeInt(OutputStream out, int value) throws IOException {
        out.write(value >>> 24);
        out.write(value >>> 16);
        out.write(value >>> 8);
        out.write(value);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : sockets) {
            closeQuietly(s);
        }
    }
}
