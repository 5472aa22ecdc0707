"""JayDeBeApi on a lake, for JayDeBeApiTest: python3 jaydebeapi_lake.py <config.json>.

Prints what JayDeBeApi's default converters hand Python for each column type, and how parameters arrive,
as "RESULT <json>" lines.
"""
import decimal
import json
import sys

import jaydebeapi
import jpype

cfg = json.load(open(sys.argv[1], encoding="utf-8"))


def result(key, value):
    print("\nRESULT " + json.dumps({"key": key, "value": value}, ensure_ascii=True), flush=True)


conn = jaydebeapi.connect("org.ducklake.jdbc.DuckLakeDriver", cfg["url"], cfg["properties"], cfg["classpath"])
cur = conn.cursor()
cur.execute("CREATE TABLE t (b BOOLEAN, i INTEGER, bi BIGINT, hi HUGEINT, d DOUBLE, dec DECIMAL(38,10), v VARCHAR,"
            " dt DATE, tm TIME, ts TIMESTAMP, tstz TIMESTAMPTZ, bl BLOB, u UUID)")
cur.execute("INSERT INTO t VALUES (true, 42, 4611686018427387904, 170141183460469231731687303715884105727, 2.5,"
            " 1234567890123456789012345678.0123456789, 'h\u00e9llo', DATE '2024-02-29', TIME '12:34:56.123456',"
            " TIMESTAMP '2024-03-10 12:34:56.123456', TIMESTAMPTZ '2024-03-10 12:34:56.123456+00', '\\x00\\x01\\xFF'::BLOB,"
            " 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11')")


def kind(v):
    """The Python type a value acts as (JPype's boxed Java numbers are int or float), else its Java class."""
    if isinstance(v, bool) or (isinstance(v, int) and str(v) in ("True", "False")):
        return "bool"
    for t in (int, float, str):
        if isinstance(v, t):
            return t.__name__
    return type(v).__name__


cur.execute("SELECT * FROM t")
row = cur.fetchone()
out = {}
for d, v in zip(cur.description, row):
    out[d[0]] = [kind(v), str(v)]
blob = row[11]
out["bl_bytes"] = bytes(blob.getBytes(1, int(blob.length()))).hex()
result("values", out)

# Parameters: what arrives exactly, and what does not.
cur.execute("CREATE TABLE p (k INTEGER, dec DECIMAL(38,10), bl BLOB)")
cur.execute("INSERT INTO p VALUES (1, ?, ?)", (decimal.Decimal("1234567890123456789012345678.0123456789"), b"\x00\x01\xff"))
cur.execute("INSERT INTO p VALUES (2, ?, ?)", ("1234567890123456789012345678.0123456789",
                                               jpype.JArray(jpype.JByte)(b"\x00\x01\xff")))
cur.execute("SELECT k, dec::VARCHAR, lower(hex(bl)) FROM p ORDER BY k")
result("parameters", [list(map(str, r)) for r in cur.fetchall()])
conn.close()
result("done", True)
