package org.ducklake.jdbc;

import java.io.PrintStream;
import java.util.Properties;
import org.ducklake.jdbc.doctor.ConnectCheck;
import org.ducklake.jdbc.doctor.DriverFacts;

/**
 * The connection doctor, the jar's main class: {@code java -jar ducklake-jdbc-<version>-<platform>.jar [URL]
 * [--property key=value …]}. Without a URL it prints what the jar is (driver and DuckDB versions, the
 * machine's platform and the jar's, the bundled extensions); with one it also connects and prints each set-up
 * step with its time and result, secrets masked, and on failure the step, the SQLState and a hint. The first
 * thing to run when a GUI tool shows one line of "connection failed".
 *
 * <p>Exit code 0 when everything worked, 1 when the engine or the connect failed, 2 for bad arguments.
 */
public final class Doctor {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private static final String HELP = String.join(
            System.lineSeparator(),
            "Usage: java -jar ducklake-jdbc-" + DriverVersion.VERSION
                    + "-<platform>.jar [URL] [--property key=value ...]",
            "   or: java -cp <driver jar> org.ducklake.jdbc.Doctor [URL] [--property key=value ...]",
            "Without a URL: prints the driver and DuckDB versions, the platform and the bundled extensions.",
            "With a URL: also connects and prints each set-up step (extensions, secrets, S3 check, ATTACH, USE)",
            "with its time and result; secrets are masked. Exit code 0 when the connect works, 1 when it fails.",
            "Example: java -jar ducklake-jdbc-" + DriverVersion.VERSION + "-linux_amd64.jar \\",
            "  'jdbc:ducklake:postgres:host=db.example.com dbname=lake' \\",
            "  --property user=lake --property password=... --property data_path=s3://bucket/lake/");

    private Doctor() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    /** The doctor's work, writing to {@code out}; returns the exit code. */
    public static int run(String[] args, PrintStream out) {
        String url = null;
        Properties properties = new Properties();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                out.println(HELP);
                return OK;
            } else if (a.equals("--property") || a.equals("-p")) {
                if (i + 1 >= args.length || args[i + 1].indexOf('=') <= 0) {
                    return usage(out, a + " needs key=value");
                }
                String kv = args[++i];
                properties.setProperty(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            } else if (a.startsWith("--property=")) {
                String kv = a.substring("--property=".length());
                if (kv.indexOf('=') <= 0) {
                    return usage(out, "--property needs key=value");
                }
                properties.setProperty(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            } else if (a.startsWith("-")) {
                return usage(out, "unknown option " + a);
            } else if (url == null) {
                url = a;
            } else {
                return usage(out, "more than one URL given");
            }
        }
        if (url == null && !properties.isEmpty()) {
            return usage(out, "--property needs a URL");
        }
        boolean engineStarts = new DriverFacts(out, DriverVersion.NAME, DriverVersion.VERSION).print();
        if (url == null) {
            return engineStarts ? OK : FAILED;
        }
        out.println();
        return new ConnectCheck(out, new DuckLakeDriver()).run(url, properties) ? OK : FAILED;
    }

    private static int usage(PrintStream out, String problem) {
        out.println("doctor: " + problem);
        out.println(HELP);
        return USAGE;
    }
}
