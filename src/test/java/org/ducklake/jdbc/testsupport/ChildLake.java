package org.ducklake.jdbc.testsupport;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The PostgreSQL + S3 test lake handed to a child JVM through environment variables ({@code DL_URL},
 * {@code DL_USER}, {@code DL_PASSWORD}, {@code DL_DATA_PATH}, {@code DL_S3_*}, {@code DL_EXT_DIR}): the parent
 * builds them with {@link #environment}, the child reads them back with {@link #properties}.
 */
public final class ChildLake {
    private ChildLake() {}

    /** The variables that let a child JVM connect to {@code lake} as the parent does; add the child's own. */
    public static Map<String, String> environment(TestLakes.PostgresLake lake) {
        Map<String, String> env = new HashMap<>();
        env.put("DL_URL", lake.url());
        env.put("DL_USER", lake.user);
        env.put("DL_PASSWORD", lake.password);
        env.put("DL_DATA_PATH", lake.dataPath());
        env.put("DL_S3_KEY_ID", S3Server.ACCESS_KEY);
        env.put("DL_S3_SECRET", S3Server.SECRET_KEY);
        env.put("DL_S3_REGION", S3Server.REGION);
        env.put("DL_S3_ENDPOINT", S3Server.get().endpoint());
        env.put("DL_EXT_DIR", TestLakes.extensionDirectory());
        return env;
    }

    /** In the child: the variable, which must be set. */
    public static String env(String name) {
        String v = System.getenv(name);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("environment variable " + name + " is not set");
        }
        return v;
    }

    /** In the child: the connection properties of the parent's lake (connect to {@code env("DL_URL")}). */
    public static Properties properties() {
        Properties p = new Properties();
        p.setProperty("user", env("DL_USER"));
        p.setProperty("password", env("DL_PASSWORD"));
        p.setProperty("data_path", env("DL_DATA_PATH"));
        p.setProperty("s3_access_key_id", env("DL_S3_KEY_ID"));
        p.setProperty("s3_secret_access_key", env("DL_S3_SECRET"));
        p.setProperty("s3_region", env("DL_S3_REGION"));
        p.setProperty("s3_endpoint", env("DL_S3_ENDPOINT"));
        p.setProperty("s3_url_style", "path");
        p.setProperty("s3_use_ssl", "false");
        p.setProperty("extension_directory", env("DL_EXT_DIR"));
        return p;
    }
}
