package org.ducklake.jdbc.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which statements a batch can stage, and the INSERT … SELECT that reads the stage; no engine needed. */
class InsertValuesTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "INSERT INTO t VALUES (?, ?)|INSERT INTO t SELECT \"$1\", \"$2\" FROM \"temp\".\"main\".\"s\"|2",
                "insert into lake.main.\"My T\" (a, \"B\") values (?, 'x''y');"
                        + "|insert into lake.main.\"My T\" (a, \"B\") SELECT \"$1\", 'x''y' FROM \"temp\".\"main\".\"s\"|1",
                "INSERT INTO t (a, b, c) VALUES ($2, $1, -1.5e3)"
                        + "|INSERT INTO t (a, b, c) SELECT \"$2\", \"$1\", -1.5e3 FROM \"temp\".\"main\".\"s\"|2",
                // as sql_access=lake re-writes the statement: tokens one space apart
                "INSERT INTO t ( a , b ) VALUES ( $2 , - 7 )"
                        + "|INSERT INTO t ( a , b ) SELECT \"$2\", -7 FROM \"temp\".\"main\".\"s\"|2",
                "INSERT INTO t VALUES (NULL, ?, TRUE, false)"
                        + "|INSERT INTO t SELECT NULL, \"$1\", TRUE, false FROM \"temp\".\"main\".\"s\"|1",
                "/* c */ INSERT INTO t -- note\\nVALUES (?)|/* c */ INSERT INTO t -- note\\nSELECT \"$1\" FROM \"temp\".\"main\".\"s\"|1",
            })
    void simpleInsertsReadFromTheStage(String sql, String fromStage, int parameters) {
        InsertValues insert = InsertValues.parse(sql.replace("\\n", "\n"));
        assertThat(insert).isNotNull();
        assertThat(insert.fromStage("temp", "main", "s")).isEqualTo(fromStage.replace("\\n", "\n"));
        assertThat(insert.parameterCount()).isEqualTo(parameters);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "INSERT INTO t VALUES (?), (?)",
                "INSERT INTO t VALUES (? + 1)",
                "INSERT INTO t VALUES (?::INTEGER)",
                "INSERT INTO t VALUES (DEFAULT, ?)",
                "INSERT INTO t VALUES (f(?))",
                "INSERT INTO t VALUES ((?))",
                "INSERT INTO t VALUES (DATE '2020-01-01', ?)",
                "INSERT INTO t VALUES (?) RETURNING *",
                "INSERT INTO t VALUES (?) ON CONFLICT DO NOTHING",
                "INSERT OR REPLACE INTO t VALUES (?)",
                "INSERT INTO t BY NAME SELECT ? AS a",
                "INSERT INTO t SELECT ?",
                "INSERT INTO t DEFAULT VALUES",
                "WITH x AS (SELECT 1) INSERT INTO t VALUES (?)",
                "INSERT INTO t VALUES (?, $1)",
                "INSERT INTO t VALUES ($name)",
                "INSERT INTO t VALUES (?); SELECT 1",
                "INSERT INTO t VALUES ()",
                "UPDATE t SET a = ?",
                "INSERT INTO t VALUES (?",
            })
    void everythingElseRunsRowByRow(String sql) {
        assertThat(InsertValues.parse(sql)).isNull();
    }
}
