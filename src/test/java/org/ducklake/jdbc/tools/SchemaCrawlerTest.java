package org.ducklake.jdbc.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import schemacrawler.schema.Catalog;
import schemacrawler.schema.Column;
import schemacrawler.schema.Table;
import schemacrawler.schema.View;
import schemacrawler.schemacrawler.InfoLevel;
import schemacrawler.schemacrawler.LoadOptionsBuilder;
import schemacrawler.schemacrawler.SchemaCrawlerOptions;
import schemacrawler.schemacrawler.SchemaCrawlerOptionsBuilder;
import schemacrawler.schemacrawler.SchemaInfoLevelBuilder;
import schemacrawler.tools.utility.SchemaCrawlerUtility;
import us.fatehi.utility.datasource.DatabaseConnectionSource;
import us.fatehi.utility.datasource.DatabaseConnectionSources;

/**
 * SchemaCrawler 17's crawl, as its API users run it: {@code SchemaCrawlerUtility.getCatalog} over
 * {@code DatabaseConnectionSources.fromConnection(connection)} with the default options (standard info level, up
 * to 10 threads), and again at the maximum info level. A connection source made from one connection hands that
 * same connection to every retrieval thread, so columns, keys, indexes and the rest are read through one
 * connection on several threads at once.
 *
 * <p>Most of SchemaCrawler's retrievals do not throw when a metadata call fails: they log a WARNING ("Could
 * not retrieve … for schema <…>", "Exception running <…> on thread <…>") and leave that part of the catalog
 * empty (a failed column read of one table does throw). So besides checking the catalog (every table with its
 * columns in order and their types, the view, the comments), the test captures SchemaCrawler's
 * java.util.logging records and requires that none is a WARNING or worse, and that the columns really were read
 * on more than one thread (SchemaCrawler logs each table's column read with its thread). The time bound only
 * detects a hang. On a DuckDB-file lake and on a PostgreSQL-catalog lake with S3 data.
 */
class SchemaCrawlerTest {
    private static final int TABLES = 20;
    private static final Duration HANG = Duration.ofMinutes(5);

    /** Column types the tables cycle through: the DDL type, the TYPE_NAME and the java.sql.Types code. */
    private static final List<ColumnType> TYPES = Arrays.asList(
            new ColumnType("VARCHAR", "VARCHAR", Types.VARCHAR),
            new ColumnType("BIGINT", "BIGINT", Types.BIGINT),
            new ColumnType("DOUBLE", "DOUBLE", Types.DOUBLE),
            new ColumnType("DATE", "DATE", Types.DATE),
            new ColumnType("TIMESTAMP", "TIMESTAMP", Types.TIMESTAMP),
            new ColumnType("BOOLEAN", "BOOLEAN", Types.BOOLEAN),
            new ColumnType("DECIMAL(10,2)", "DECIMAL(10,2)", Types.DECIMAL),
            new ColumnType("SMALLINT", "SMALLINT", Types.SMALLINT));

    private static final ColumnType ID = new ColumnType("INTEGER", "INTEGER", Types.INTEGER);

    private static TestLakes.Lake fileLake;
    private static TestLakes.Lake postgresLake;

    private static final class ColumnType {
        final String ddl;
        final String typeName;
        final int code;

        ColumnType(String ddl, String typeName, int code) {
            this.ddl = ddl;
            this.typeName = typeName;
            this.code = code;
        }
    }

    static synchronized Stream<Arguments> crawls() throws SQLException {
        if (fileLake == null) {
            fileLake = TestLakes.file();
            postgresLake = TestLakes.postgres();
            fill(fileLake);
            fill(postgresLake);
        }
        return Stream.of(fileLake, postgresLake)
                .flatMap(lake ->
                        Stream.of(InfoLevel.standard, InfoLevel.maximum).map(level -> Arguments.of(lake, level)));
    }

    /** Table t_i's columns: id INTEGER, then 1 + i % 4 columns of the types in turn. */
    private static List<ColumnType> columnsOf(int table) {
        List<ColumnType> columns = new ArrayList<>();
        columns.add(ID);
        for (int k = 0; k < 1 + table % 4; k++) {
            columns.add(TYPES.get((table + k) % TYPES.size()));
        }
        return columns;
    }

    private static String tableName(int i) {
        return String.format("t_%02d", i);
    }

    private static String columnName(int k) {
        return k == 0 ? "id" : "c" + k;
    }

    /** Tables t_00 … t_19, the view v_wide over two of them, and comments on t_00 and its id column. */
    private static void fill(TestLakes.Lake lake) throws SQLException {
        try (Connection c = DriverManager.getConnection(lake.url(), lake.properties());
                Statement s = c.createStatement()) {
            for (int i = 0; i < TABLES; i++) {
                List<ColumnType> columns = columnsOf(i);
                StringBuilder ddl = new StringBuilder();
                for (int k = 0; k < columns.size(); k++) {
                    ddl.append(k == 0 ? "" : ", ")
                            .append(columnName(k))
                            .append(' ')
                            .append(columns.get(k).ddl);
                }
                s.execute("CREATE TABLE " + tableName(i) + " (" + ddl + ")");
            }
            s.execute(
                    "CREATE VIEW v_wide AS SELECT a.id, a.c1 AS a_c1, b.c1 AS b_c1 FROM t_00 a JOIN t_01 b USING (id)");
            s.execute("COMMENT ON TABLE t_00 IS 'the first table'");
            s.execute("COMMENT ON COLUMN t_00.id IS 'the key'");
        }
    }

    @ParameterizedTest(name = "{0}, {1} info level")
    @MethodSource("crawls")
    void crawlReadsEveryTableWithoutRetrievalFailures(TestLakes.Lake lake, InfoLevel level) throws Exception {
        SchemaCrawlerOptions options = SchemaCrawlerOptionsBuilder.newSchemaCrawlerOptions();
        if (level != InfoLevel.standard) {
            options = options.withLoadOptions(LoadOptionsBuilder.builder()
                    .fromOptions(options.loadOptions())
                    .withSchemaInfoLevel(SchemaInfoLevelBuilder.builder()
                            .withInfoLevel(level)
                            .toOptions())
                    .toOptions());
        }
        assertThat(options.loadOptions().maxThreads()).isGreaterThan(1);
        SchemaCrawlerOptions crawlOptions = options;

        Catalog catalog;
        List<LogRecord> records;
        try (Connection connection = DriverManager.getConnection(lake.url(), lake.properties());
                SchemaCrawlerLog log = new SchemaCrawlerLog()) {
            catalog = assertTimeoutPreemptively(HANG, () -> {
                try (DatabaseConnectionSource source = DatabaseConnectionSources.fromConnection(connection)) {
                    return SchemaCrawlerUtility.getCatalog(source, crawlOptions);
                }
            });
            records = log.records();
        }

        List<String> problems = records.stream()
                .filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
                .map(SchemaCrawlerTest::describe)
                .collect(Collectors.toList());
        assertThat(problems)
                .as("SchemaCrawler's WARNING and SEVERE log records (failed metadata retrievals)")
                .isEmpty();
        Set<Long> columnThreads = records.stream()
                .filter(r -> r.getMessage().startsWith("Retrieving table columns from metadata for"))
                .map(LogRecord::getLongThreadID)
                .collect(Collectors.toSet());
        assertThat(columnThreads)
                .as("threads that read columns through the one connection")
                .hasSizeGreaterThan(1);

        Map<String, Table> tables = catalog.getTables().stream()
                .filter(t -> t.getSchema().getName().equals("main"))
                .collect(Collectors.toMap(Table::getName, Function.identity()));
        assertThat(tables).containsKey("v_wide");
        for (int i = 0; i < TABLES; i++) {
            String name = tableName(i);
            assertThat(tables).as("tables of main").containsKey(name);
            Table table = tables.get(name);
            assertThat(table).isNotInstanceOf(View.class);
            assertThat(table.getTableType().isView()).isFalse();
            List<ColumnType> expected = columnsOf(i);
            List<Column> columns = table.getColumns();
            assertThat(columns).as("columns of %s", name).hasSize(expected.size());
            for (int k = 0; k < expected.size(); k++) {
                Column column = columns.get(k);
                assertThat(column.getName()).as("%s column %d", name, k).isEqualTo(columnName(k));
                assertThat(column.getOrdinalPosition()).isEqualTo(k + 1);
                assertThat(column.getColumnDataType().getDatabaseSpecificTypeName())
                        .as("%s.%s type name", name, column.getName())
                        .isEqualTo(expected.get(k).typeName);
                assertThat(column.getColumnDataType().getJavaSqlType().getVendorTypeNumber())
                        .as("%s.%s type code", name, column.getName())
                        .isEqualTo(expected.get(k).code);
            }
        }

        Table view = tables.get("v_wide");
        assertThat(view).isInstanceOf(View.class);
        assertThat(view.getTableType().isView()).isTrue();
        assertThat(view.getColumns()).extracting(Column::getName).containsExactly("id", "a_c1", "b_c1");

        Table first = tables.get("t_00");
        assertThat(first.getRemarks()).isEqualTo("the first table");
        assertThat(first.lookupColumn("id").map(Column::getRemarks)).isEqualTo(Optional.of("the key"));
    }

    private static String describe(LogRecord r) {
        String message = r.getMessage();
        Object[] parameters = r.getParameters();
        if (parameters != null && parameters.length > 0) {
            message = String.format(message, parameters);
        }
        return r.getLevel() + " " + r.getLoggerName() + ": " + message
                + (r.getThrown() == null ? "" : " (" + r.getThrown() + ")");
    }

    /**
     * SchemaCrawler's java.util.logging records (loggers under {@code schemacrawler} and {@code us.fatehi}) from
     * CONFIG up, kept from the console while open.
     */
    private static final class SchemaCrawlerLog extends Handler implements AutoCloseable {
        private final List<Logger> loggers = List.of(Logger.getLogger("schemacrawler"), Logger.getLogger("us.fatehi"));
        private final List<Level> levels = new ArrayList<>();
        private final List<LogRecord> records = new ArrayList<>();

        SchemaCrawlerLog() {
            setLevel(Level.ALL);
            for (Logger logger : loggers) {
                levels.add(logger.getLevel());
                logger.setLevel(Level.CONFIG);
                logger.setUseParentHandlers(false);
                logger.addHandler(this);
            }
        }

        synchronized List<LogRecord> records() {
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
            for (int i = 0; i < loggers.size(); i++) {
                Logger logger = loggers.get(i);
                logger.removeHandler(this);
                logger.setUseParentHandlers(true);
                logger.setLevel(levels.get(i));
            }
        }
    }
}
