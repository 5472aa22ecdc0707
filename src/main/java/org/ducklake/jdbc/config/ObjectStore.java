package org.ducklake.jdbc.config;

import java.util.Locale;

/**
 * Where the lake's data files live and how to reach them, as the configuration gives it: the data path,
 * which object store it is on, and the credentials and settings for that store. A value: only SetupSql
 * turns it into SQL (the extensions to load, the scoped secret, the access check).
 */
public final class ObjectStore {
    /** The data path, or null when none is given (a DuckDB-file catalog then has its default). */
    public final String dataPath;
    /** {@code s3}, {@code gcs} or {@code r2} for a data path on that object store; null otherwise. */
    public final String scheme;
    /** Credentials from the AWS SDK's chain (s3_provider=credential_chain) rather than the properties. */
    public final boolean credentialChain;

    public final String keyId;
    public final Secret secret;
    public final Secret sessionToken;
    public final String r2AccountId;
    public final String region;
    public final String endpoint;
    public final String urlStyle;
    public final Boolean useSsl;
    /** Whether any object-store property is set: without one there is no secret to create. */
    public final boolean configured;

    ObjectStore(LakeConfig c) {
        dataPath = c.isSet(LakeProperty.DATA_PATH) ? c.string(LakeProperty.DATA_PATH) : null;
        scheme = dataPath == null ? null : scheme(dataPath);
        credentialChain = c.isSet(LakeProperty.S3_PROVIDER)
                && c.string(LakeProperty.S3_PROVIDER).equals("credential_chain");
        keyId = text(c, LakeProperty.S3_ACCESS_KEY_ID);
        secret = c.isSet(LakeProperty.S3_SECRET_ACCESS_KEY) ? c.secret(LakeProperty.S3_SECRET_ACCESS_KEY) : null;
        sessionToken = c.isSet(LakeProperty.S3_SESSION_TOKEN) ? c.secret(LakeProperty.S3_SESSION_TOKEN) : null;
        r2AccountId = text(c, LakeProperty.R2_ACCOUNT_ID);
        region = text(c, LakeProperty.S3_REGION);
        endpoint = text(c, LakeProperty.S3_ENDPOINT);
        urlStyle = text(c, LakeProperty.S3_URL_STYLE);
        useSsl = c.isSet(LakeProperty.S3_USE_SSL) ? c.bool(LakeProperty.S3_USE_SSL) : null;
        configured = c.isSet(LakeProperty.S3_PROVIDER)
                || keyId != null
                || sessionToken != null
                || r2AccountId != null
                || region != null
                || endpoint != null
                || urlStyle != null
                || useSsl != null;
    }

    private static String text(LakeConfig c, LakeProperty p) {
        return c.isSet(p) ? c.string(p) : null;
    }

    /** {@code s3}, {@code gcs} or {@code r2} for a path on that object store, else null. */
    public static String scheme(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        if (p.startsWith("s3://") || p.startsWith("s3a://") || p.startsWith("s3n://")) {
            return "s3";
        }
        if (p.startsWith("gs://") || p.startsWith("gcs://")) {
            return "gcs";
        }
        if (p.startsWith("r2://")) {
            return "r2";
        }
        return null;
    }

    /** Whether the data path is reached over the network (an object store or http(s)): httpfs is needed. */
    public boolean remote() {
        if (dataPath == null) {
            return false;
        }
        String p = dataPath.toLowerCase(Locale.ROOT);
        return scheme != null || p.startsWith("http://") || p.startsWith("https://");
    }

    @Override
    public String toString() {
        return "ObjectStore[" + dataPath + ", " + scheme + "]";
    }
}
