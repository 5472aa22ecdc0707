package org.ducklake.jdbc.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ducklake.jdbc.testsupport.PostgresRoundTrips;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The metadata answers that cannot depend on the lake (DuckLake has no keys, indexes or privileges; the type
 * list and client info names are the driver's own) make no round trip to the PostgreSQL catalog: counted on
 * the wire by {@link PostgresRoundTrips}, not timed.
 */
class CatalogRoundTripsTest {

    private static TestLakes.PostgresLake lake;
    private static PostgresRoundTrips wire;
    private static Connection connection;

    @BeforeAll
    static void openLake() throws Exception {
        lake = TestLakes.postgres();
        wire = PostgresRoundTrips.start();
        // Each call a read of its own, as when metadata_window is 0 or the call runs in a transaction: what one
        // call costs (MetadataWindowTest counts calls sharing a read).
        java.util.Properties p = lake.properties();
        p.setProperty("metadata_window", "0");
        connection = DriverManager.getConnection(wire.url(lake), p);
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE main.items (id INTEGER, name VARCHAR)");
            s.execute("INSERT INTO main.items VALUES (1, 'a'), (2, 'b')");
        }
    }

    @AfterAll
    static void closeLake() throws Exception {
        if (connection != null) {
            connection.close();
        }
        if (wire != null) {
            wire.close();
        }
    }

    /** A metadata call whose rows are read to the end. */
    interface Call {
        ResultSet call(DatabaseMetaData md) throws SQLException;
    }

    @Test
    void keysIndexesPrivilegesTypesAndClientInfoMakeNoRoundTrip() throws Exception {
        DatabaseMetaData md = connection.getMetaData();
        Map<String, Call> calls = new LinkedHashMap<>();
        calls.put("getPrimaryKeys", m -> m.getPrimaryKeys(null, "main", "items"));
        calls.put("getPrimaryKeys(%)", m -> m.getPrimaryKeys(null, "main", "%"));
        calls.put("getImportedKeys", m -> m.getImportedKeys(null, "main", "items"));
        calls.put("getExportedKeys", m -> m.getExportedKeys(null, "main", "items"));
        calls.put("getCrossReference", m -> m.getCrossReference(null, "main", "items", null, "main", "items"));
        calls.put("getIndexInfo", m -> m.getIndexInfo(null, "main", "items", false, true));
        calls.put("getIndexInfo(unique)", m -> m.getIndexInfo(null, "main", "items", true, false));
        calls.put("getTablePrivileges", m -> m.getTablePrivileges(null, "main", "%"));
        calls.put("getColumnPrivileges", m -> m.getColumnPrivileges(null, "main", "items", "%"));
        calls.put("getTypeInfo", DatabaseMetaData::getTypeInfo);
        calls.put("getClientInfoProperties", DatabaseMetaData::getClientInfoProperties);
        calls.put("getTableTypes", DatabaseMetaData::getTableTypes);
        calls.put("getProcedures", m -> m.getProcedures(null, "main", "%"));
        calls.put("getProcedureColumns", m -> m.getProcedureColumns(null, "main", "%", "%"));
        calls.put("getVersionColumns", m -> m.getVersionColumns(null, "main", "items"));
        calls.put("getSuperTables", m -> m.getSuperTables(null, "main", "%"));
        calls.put("getSuperTypes", m -> m.getSuperTypes(null, "main", "%"));
        calls.put("getAttributes", m -> m.getAttributes(null, "main", "%", "%"));

        Map<String, Long> trips = new LinkedHashMap<>();
        for (Map.Entry<String, Call> e : calls.entrySet()) {
            PostgresRoundTrips.awaitNoSparePreparing();
            wire.reset();
            try (ResultSet rs = e.getValue().call(md)) {
                while (rs.next()) {
                    rs.getObject(1);
                }
                rs.getMetaData().getColumnCount();
            }
            trips.put(e.getKey() + " " + wire.statements(), wire.roundTrips());
        }
        System.out.println("catalog round trips per call: " + trips);
        assertThat(trips).allSatisfy((call, n) -> assertThat(n).as(call).isZero());
    }

    /** The round trips of each per-table call a tool makes while walking the lake's tables. */
    private static Map<String, Long> perTableTrips() throws SQLException, InterruptedException {
        DatabaseMetaData md = connection.getMetaData();
        Map<String, Call> calls = new LinkedHashMap<>();
        calls.put("getColumns", m -> m.getColumns(null, "main", "items", "%"));
        calls.put("getBestRowIdentifier", m -> m.getBestRowIdentifier(null, "main", "items", 2, true));
        calls.put("getPseudoColumns", m -> m.getPseudoColumns(null, "main", "items", "%"));
        Map<String, Long> trips = new LinkedHashMap<>();
        for (Map.Entry<String, Call> e : calls.entrySet()) {
            PostgresRoundTrips.awaitNoSparePreparing();
            wire.reset();
            int rows = 0;
            try (ResultSet rs = e.getValue().call(md)) {
                while (rs.next()) {
                    rows++;
                }
            }
            assertThat(rows).as(e.getKey()).isPositive();
            trips.put(e.getKey(), wire.roundTrips());
        }
        return trips;
    }

    @Test
    void perTableCallsCostTheSameWhateverTheNumberOfTables() throws Exception {
        perTableTrips(); // the first use of the engine's catalog functions costs more
        Map<String, Long> small = perTableTrips();
        try (Statement s = connection.createStatement()) {
            connection.setAutoCommit(false);
            s.execute("CREATE SCHEMA many");
            for (int i = 0; i < 40; i++) {
                s.execute("CREATE TABLE many.t" + i + " (id BIGINT, name VARCHAR)");
            }
            connection.commit();
        } finally {
            connection.setAutoCommit(true);
        }
        perTableTrips(); // the first transaction after the change loads the new schema
        Map<String, Long> large = perTableTrips();
        System.out.println("catalog round trips per call, 1 table: " + small + ", 41 tables: " + large);
        assertThat(large).isEqualTo(small);
        // one metadata query, one DuckLake transaction: no statistics read per table
        assertThat(large)
                .allSatisfy((call, n) -> assertThat(n).as(call).isPositive().isLessThanOrEqualTo(8));
    }

    @Test
    void theCountSeesACatalogQuery() throws Exception {
        // The counter itself: reading the lake's tables does go to the catalog.
        PostgresRoundTrips.awaitNoSparePreparing();
        wire.reset();
        try (ResultSet rs = connection.getMetaData().getTables(null, "main", "%", null)) {
            assertThat(rs.next()).isTrue();
        }
        assertThat(wire.roundTrips()).isPositive();
    }
}
