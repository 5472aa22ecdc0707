"""DuckDB's own tokenizer, for the differential test of SqlScanner (see DuckDbTokenizer.java).

Reads JSON lines from stdin, each a JSON string holding one SQL text; for each writes one JSON line to stdout:
the list of [byte_offset, type_name] pairs that duckdb.tokenize returns (offsets into the UTF-8 encoding), or
{"error": "..."} when the text cannot be tokenized (a lone surrogate has no UTF-8 form: "unencodable").
Every answer is flushed at once, since the caller streams.

A line may instead hold {"sql": text, "strip": true}: then the text is first put through DuckDB's Unicode-space
pass (Parser::StripUnicodeSpaces, which DuckDB's parser runs and duckdb.tokenize does not), ported below, and the
answer is {"tokens": [[byte_offset, type_name], ...], "changed": bool}, offsets again into the UTF-8 encoding of
the text as given, and changed telling whether the pass replaced anything.
"""

import json
import re
import sys

import duckdb


def _tag_first(c):
    return ord("A") <= c <= ord("Z") or ord("a") <= c <= ord("z") or c >= 0x80


def _tag_next(c):
    return _tag_first(c) or ord("0") <= c <= ord("9")


def unicode_spaces(q):
    """Parser::StripUnicodeSpaces of DuckDB 1.5.5 (src/parser/parser.cpp), line for line: the (pos, length) of
    each Unicode space it replaces in the UTF-8 bytes q."""
    spaces = []
    qsize = len(q)
    pos = 0
    quote = 0
    tag = b""
    state = "regular"
    while True:
        if state == "regular":
            state = "end"
            while pos + 2 < qsize:
                b0, b1, b2 = q[pos], q[pos + 1], q[pos + 2]
                if b0 == 0xC2 and b1 == 0xA0:
                    spaces.append((pos, 2))
                if b0 == 0xE2:
                    if b1 == 0x80:
                        if 0x80 <= b2 <= 0x8B or b2 == 0xAF:
                            spaces.append((pos, 3))
                    elif b1 == 0x81:
                        if b2 == 0x9F or b2 == 0xA0:
                            spaces.append((pos, 3))
                elif b0 == 0xE3:
                    if b1 == 0x80 and b2 == 0x80:
                        spaces.append((pos, 3))
                elif b0 == 0xEF:
                    if b1 == 0xBB and b2 == 0xBF:
                        spaces.append((pos, 3))
                elif b0 == ord('"') or b0 == ord("'"):
                    quote = b0
                    pos += 1
                    state = "quotes"
                    break
                elif b0 == ord("$") and (b1 == ord("$") or _tag_first(b1)):
                    pos += 1
                    start = pos
                    state = "end"
                    while pos + 2 < qsize:
                        if q[pos] == ord("$"):
                            tag = q[start:pos]
                            state = "dollar"
                            break
                        if not _tag_next(q[pos]):
                            state = "regular"
                            break
                        pos += 1
                    break
                elif b0 == ord("-") and b1 == ord("-"):
                    state = "comment"
                    break
                pos += 1
        elif state == "quotes":
            state = "end"
            while pos + 1 < qsize:
                if q[pos] == quote:
                    if q[pos + 1] == quote:
                        pos += 2
                        continue
                    pos += 1
                    state = "regular"
                    break
                pos += 1
        elif state == "dollar":
            state = "end"
            n = len(tag)
            while pos + 2 < qsize:
                if (q[pos] == ord("$") and qsize - (pos + 1) >= n + 1 and q[pos + n + 1] == ord("$")
                        and q[pos + 1:pos + 1 + n] == tag):
                    pos += n + 1
                    state = "regular"
                    break
                pos += 1
        elif state == "comment":
            state = "end"
            while pos < qsize:
                if q[pos] == ord("\n") or q[pos] == ord("\r"):
                    state = "regular"
                    break
                pos += 1
        else:
            return spaces


def tokens(sql):
    return [[offset, kind.name] for offset, kind in duckdb.tokenize(sql)]


# the characters the pass replaces; a text without any is left as it is, so the port need not run on it
UNICODE_SPACES = re.compile("[\u00a0\u2000-\u200b\u202f\u205f\u2060\u3000\ufeff]")


def stripped_tokens(sql):
    q = sql.encode("utf-8")
    spaces = unicode_spaces(q) if UNICODE_SPACES.search(sql) else []
    if not spaces:
        return {"tokens": tokens(sql), "changed": False}
    out = bytearray()
    original = []  # the offset in q of each byte of out, and of its end
    prev = 0
    for pos, length in spaces:
        out += q[prev:pos]
        original.extend(range(prev, pos))
        out += b" "
        original.append(pos)
        prev = pos + length
    out += q[prev:]
    original.extend(range(prev, len(q)))
    original.append(len(q))
    found = tokens(out.decode("utf-8"))
    return {"tokens": [[original[offset], kind] for offset, kind in found], "changed": True}


def answer(line):
    try:
        request = json.loads(line)
    except ValueError as e:
        return {"error": "bad input: " + str(e)}
    strip = isinstance(request, dict) and request.get("strip") is True
    sql = request.get("sql") if isinstance(request, dict) else request
    if not isinstance(sql, str):
        return {"error": "bad input: not a string"}
    try:
        sql.encode("utf-8")
    except UnicodeEncodeError:
        return {"error": "unencodable"}
    try:
        return stripped_tokens(sql) if strip else tokens(sql)
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
