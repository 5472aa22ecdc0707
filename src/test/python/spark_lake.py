"""Spark's JDBC data source on one lake, for SparkTest: python3 spark_lake.py <config.json>.

The config names the lake (url, properties), the driver's class path and the tables. The script writes through
Spark, reads back through Spark, and prints one line per finding, "RESULT <json>", for the test to check (the
test reads the lake again through the driver itself).
"""
import datetime
import decimal
import json
import sys

from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import (BinaryType, BooleanType, ByteType, DateType, DecimalType, IntegerType, ShortType,
                               StringType, StructField, StructType, TimestampNTZType, TimestampType)

cfg = json.load(open(sys.argv[1], encoding="utf-8"))
url = cfg["url"]
props = dict(cfg["properties"])
props["driver"] = "org.ducklake.jdbc.DuckLakeDriver"


def result(key, value):
    print("\nRESULT " + json.dumps({"key": key, "value": value}, ensure_ascii=True), flush=True)


spark = (SparkSession.builder.master("local[1]").appName("ducklake-jdbc-spark-test")
         .config("spark.driver.extraClassPath", cfg["classpath"])
         # Spark's JVM, Spark's session and the engine's default (the machine's) are three different zones.
         .config("spark.driver.extraJavaOptions", "-Duser.timezone=" + cfg["jvm_zone"])
         .config("spark.sql.session.timeZone", cfg["session_zone"])
         .config("spark.ui.enabled", "false")
         .config("spark.ui.showConsoleProgress", "false")
         .config("spark.sql.shuffle.partitions", "1")
         .getOrCreate())
spark.sparkContext.setLogLevel("ERROR")
jvm = spark._jvm

# Spark 4.3 found the dialect through META-INF/services; registering it again replaces it.
result("dialect_found", jvm.org.apache.spark.sql.jdbc.JdbcDialects.get(url).getClass().getName())
jvm.org.apache.spark.sql.jdbc.JdbcDialects.registerDialect(jvm.org.ducklake.jdbc.spark.DuckLakeSparkDialect())
result("dialect_registered", jvm.org.apache.spark.sql.jdbc.JdbcDialects.get(url).getClass().getName())

utc = datetime.timezone.utc
schema = StructType([
    StructField("id", IntegerType(), False),
    StructField("flag", BooleanType()),
    StructField("b", ByteType()),
    StructField("s", ShortType()),
    StructField("d18", DecimalType(18, 4)),
    StructField("d38", DecimalType(38, 10)),
    StructField("ts", TimestampType()),
    StructField("ntz", TimestampNTZType()),
    StructField("day", DateType()),
    StructField("name", StringType()),
    StructField("bin", BinaryType()),
])
rows = [
    (1, True, -128, -32768, decimal.Decimal("12345678901234.5678"),
     decimal.Decimal("1234567890123456789012345678.0123456789"),
     datetime.datetime(2024, 3, 10, 12, 34, 56, 123456, tzinfo=utc), datetime.datetime(2024, 3, 10, 12, 34, 56, 123456),
     datetime.date(2024, 2, 29), "h\u00e9llo \"q\" 'x'", bytes([0, 1, 255])),
    (2, False, 127, 32767, decimal.Decimal("-0.0001"), decimal.Decimal("-0.0000000001"),
     datetime.datetime(1969, 12, 31, 23, 59, 59, 999999, tzinfo=utc), datetime.datetime(1900, 1, 1, 0, 0, 0, 1),
     datetime.date(1970, 1, 1), "", b""),
    (3, None, None, None, None, None, None, None, None, None, None),
]
df = spark.createDataFrame(rows, schema)

# A table Spark creates: the dialect's column types.
df.write.jdbc(url, cfg["created"], mode="errorifexists", properties=props)
# More rows appended, 4 to 20.
more = spark.createDataFrame([(i, i % 2 == 0, i, i * 100, decimal.Decimal(i), decimal.Decimal(i),
                               datetime.datetime(2025, 1, 1, 0, 0, i, tzinfo=utc), datetime.datetime(2025, 1, 1, 0, 0, i),
                               datetime.date(2025, 1, i), "row %d" % i, bytes([i])) for i in range(4, 21)], schema)
more.write.jdbc(url, cfg["created"], mode="append", properties=dict(props, batchsize="5"))
# 20,000 rows in one partition, 1,000 per JDBC batch, in the partition's one transaction: the driver writes the
# batches together, as one data file (batch_coalesce).
batches = spark.range(0, 20000, 1, 1).selectExpr("id", "concat('row ', id) AS name")
batches.write.jdbc(url, cfg["batches"], mode="errorifexists", properties=dict(props, batchsize="1000"))
# A TimeZone option other than the JVM's zone would shift instants: the dialect replaces it.
df.where("id = 1").select("id", "ts").write.jdbc(url, cfg["zoned"], mode="errorifexists",
                                                 properties=dict(props, TimeZone="UTC"))
# The test's own table, overwritten with truncate=true: emptied and filled, not dropped.
df.write.option("truncate", "true").jdbc(url, cfg["kept"], mode="overwrite", properties=props)

# Read back.
back = spark.read.jdbc(url, cfg["created"], properties=dict(props, preferTimestampNTZ="true"))
result("schema", [[f.name, f.dataType.simpleString()] for f in back.schema.fields])


def plain(v):
    if isinstance(v, datetime.datetime):
        return v.isoformat()
    if isinstance(v, decimal.Decimal):
        return format(v, "f")
    if isinstance(v, datetime.date):
        return str(v)
    if isinstance(v, (bytes, bytearray)):
        return v.hex()
    return v


out = []
for r in back.where("id <= 3").orderBy("id").collect():
    d = r.asDict()
    d["ts"] = None if d["ts"] is None else round(d["ts"].timestamp() * 1_000_000)
    out.append({k: plain(v) for k, v in d.items()})
result("rows", out)

# Partitioned read.
parts = spark.read.jdbc(url, cfg["created"], column="id", lowerBound=1, upperBound=21, numPartitions=4,
                        properties=props)
result("partitions", parts.rdd.getNumPartitions())
result("partition_sizes", parts.rdd.glom().map(len).collect())
result("partitioned_ids", sorted(r.id for r in parts.select("id").collect()))
# Read in parts given by predicates.
by_predicates = spark.read.jdbc(url, cfg["created"], predicates=["id <= 10", "id > 10"], properties=props)
result("predicate_partitions", by_predicates.rdd.getNumPartitions())
result("predicate_count", by_predicates.count())

# Filters pushed down: the plan names them, the engine applies them.
def pushed(frame):
    plan = frame._jdf.queryExecution().executedPlan().toString()
    return plan[plan.index("PushedFilters"):].split("]")[0] + "]" if "PushedFilters" in plan else plan


f1 = back.where((F.col("id") > 2) & F.col("name").startswith("row 1"))
result("filter_ids", sorted(r.id for r in f1.collect()))
result("filter_pushed", pushed(f1))
f2 = back.where(F.col("ts") == F.lit(datetime.datetime(2024, 3, 10, 12, 34, 56, 123456, tzinfo=utc)))
result("ts_filter_ids", [r.id for r in f2.collect()])
result("ts_filter_pushed", pushed(f2))
f3 = back.where(F.col("ntz") == F.expr("TIMESTAMP_NTZ '2024-03-10 12:34:56.123456'"))
result("ntz_filter_ids", [r.id for r in f3.collect()])
result("ntz_filter_pushed", pushed(f3))
limited = back.orderBy("id").limit(2)
result("limit_ids", [r.id for r in limited.collect()])

# Types only DuckDB has, read from the test's table.
engine = spark.read.jdbc(url, cfg["engine_types"], properties=props)
result("engine_schema", [[f.name, f.dataType.simpleString()] for f in engine.schema.fields])
result("engine_row", [plain(v) for v in engine.collect()[0]])

spark.stop()
result("done", True)
