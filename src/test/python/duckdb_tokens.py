"""DuckDB's own tokenizer, for the differential test of SqlScanner (see DuckDbTokenizer.java).

Reads JSON lines from stdin, each a JSON string holding one SQL text; for each writes one JSON line to stdout:
the list of [byte_offset, type_name] pairs that duckdb.tokenize returns (offsets into the UTF-8 encoding), or
{"error": "..."} when the text cannot be tokenized (a lone surrogate has no UTF-8 form: "unencodable").
Every answer is flushed at once, since the caller streams.
"""

import json
import sys

import duckdb


def answer(line):
    try:
        sql = json.loads(line)
    except ValueError as e:
        return {"error": "bad input: " + str(e)}
    if not isinstance(sql, str):
        return {"error": "bad input: not a string"}
    try:
        sql.encode("utf-8")
    except UnicodeEncodeError:
        return {"error": "unencodable"}
    try:
        return [[offset, kind.name] for offset, kind in duckdb.tokenize(sql)]
    except Exception as e:  # noqa: BLE001 - any failure is reported to the caller
        return {"error": type(e).__name__ + ": " + str(e)}


def main():
    stdin = sys.stdin.buffer
    out = sys.stdout
    while True:
        raw = stdin.readline()
        if not raw:
            break
        line = raw.decode("utf-8", errors="surrogatepass").strip()
        if not line:
            continue
        out.write(json.dumps(answer(line), ensure_ascii=True))
        out.write("\n")
        out.flush()


if __name__ == "__main__":
    main()
