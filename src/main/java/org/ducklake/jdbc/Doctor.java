package org.ducklake.jdbc;

import java.io.PrintStream;
import java.util.Properties;
import org.ducklake.jdbc.doctor.ConnectCheck;
import org.ducklake.jdbc.doctor.DriverFacts;

/**
 * The connection doctor, the jar's main class: {@code java -jar ducklake-jdbc-<version>-<platform>.jar [URL]
 * [--property key=value …] [--create]}. Without a URL it prints what the jar is (driver, duckdb_jdbc and DuckDB
 * versions, the machine's platform and the jar's, the bundled extensions); with one it also connects and prints
 * each set-up step with its time and result, secrets masked, and on failure the step, the SQLState and a hint.
 * The first thing to run when a GUI tool shows one line of "connection failed".
 *
 * <p>It only looks: where the catalog holds no lake it says so and creates nothing, unless given {@code --create}.
 *
 * <p>Exit code 0 when everything worked, 1 when the engine or the connect failed, 2 for bad arguments, 3 when
 * there is no lake at the URL (a connect would create one; nothing was created).
 */
public final class Doctor {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int NO_LAKE = 3;

    private static final String JAR = "ducklake-jdbc-" + DriverVersion.VERSION + "-<platform>.jar";

    private static final String HELP = String.join(
            System.lineSeparator(),
            "Usage: java -jar " + JAR + " [URL] [--property key=value ...] [--create]",
            "   or: java -cp <class path with the driver> org.ducklake.jdbc.Doctor [URL] [--property key=value ...]"
                    + " [--create]",
            "",
            "Without a URL: prints the driver, duckdb_jdbc and DuckDB versions, this machine's platform and the",
            "jar's, and the bundled extensions.",
            "With a URL: also connects and prints each set-up step (extensions and their versions, secrets, S3 check,",
            "ATTACH, USE) with its time and result; passwords and keys are masked.",
            "",
            "URL forms:",
            "  jdbc:ducklake:postgres:host=HOST port=5432 dbname=DB    PostgreSQL catalog (libpq key=value DSN)",
            "  jdbc:ducklake:mysql:host=HOST port=3306 database=DB     MySQL catalog",
            "  jdbc:ducklake:sqlite:/path/meta.sqlite                  SQLite catalog file",
            "  jdbc:ducklake:duckdb:/path/meta.ducklake                DuckDB catalog file",
            "  jdbc:ducklake:/path/meta.ducklake                       DuckDB catalog file (the embedded default)",
            "  jdbc:ducklake: --property profile=NAME                  a profile of ~/.ducklake/jdbc.conf (or of",
            "                                                          config_file, or $DUCKLAKE_JDBC_CONFIG)",
            "  Any URL may carry options as ;key=value (e.g. ...;data_path=s3://bucket/lake/).",
            "",
            "Options:",
            "  -p, --property key=value   a driver property, as a tool would pass it (repeatable): user, password,",
            "                             data_path, s3_*, metadata_schema, ... (also --property=key=value)",
            "  --create                   let the connect create the lake when the catalog holds none (by default",
            "                             the doctor only looks: it attaches with create_if_not_exists=false and",
            "                             creates no catalog file, metadata tables or data files)",
            "  -h, --help                 this text",
            "",
            "Exit code: 0 connected (or, without a URL, the engine starts), 1 a step failed, 2 bad arguments,",
            "3 no lake at the URL (a connect would create it; nothing was created).",
            "",
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
        boolean create = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                out.println(HELP);
                return OK;
            } else if (a.equals("--create")) {
                create = true;
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
        if (url == null && (!properties.isEmpty() || create)) {
            return usage(out, (create ? "--create" : "--property") + " needs a URL");
        }
        boolean engineStarts = new DriverFacts(
                        out, DriverVersion.NAME, DriverVersion.VERSION, DriverVersion.DUCKDB_JDBC_VERSION)
                .print();
        if (url == null) {
            return engineStarts ? OK : FAILED;
        }
        out.println();
        switch (new ConnectCheck(out, new DuckLakeDriver()).run(url, properties, create)) {
            case CONNECTED:
                return OK;
            case NO_LAKE:
                return NO_LAKE;
            default:
                return FAILED;
        }
    }

    private static int usage(PrintStream out, String problem) {
        out.println("doctor: " + problem);
        out.println(HELP);
        return USAGE;
    }
}
