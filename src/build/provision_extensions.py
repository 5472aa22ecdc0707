#!/usr/bin/env python3
"""Provision DuckDB's signed extension binaries, pinned by a lock file, for the platforms the driver is built for.

The platform jars in driver/ carry these files so that a connection needs no internet. DuckDB publishes the
official, signed extension files on PyPI as wheels named ``duckdb-extension-<name>==<duckdb version>``, one
wheel per platform; each is a zip holding ``<pkg>/extensions/v<version>/<name>.duckdb_extension``. pip is the
ordinary client for the registry, so this script asks pip for each wheel the lock file names, by name, version
and SHA-256 (pip's hash-checking mode; a wheel whose hash changed fails the build), and takes the extension
file out unchanged (DuckDB checks its signature at INSTALL and at LOAD).

``--platforms`` names the platforms to provision (the build passes the host's, or all five with
-Pall-platforms); without it, every platform in the lock. Output, for each platform P:

    <out>/jar/P/org/ducklake/jdbc/extensions/v<version>/P/<name>.duckdb_extension
    <out>/jar/P/org/ducklake/jdbc/extensions/P.properties      the SHA-256 of every file, checked at extraction
    <out>/marker/P/org/ducklake/jdbc/driver-jar.properties      platform=P, carried by P's self-contained jar only
    <out>/repository/v<version>/P/<name>.duckdb_extension       the same files as a DuckDB-style repository

``jar/P`` becomes the ``extensions-P`` artifact and part of P's self-contained jar. Wheels are cached
(DUCKLAKE_JDBC_CACHE, default ~/.cache/ducklake-jdbc) and checked against the lock on every use; an
up-to-date output directory is left alone.

``--write-lock`` resolves the wheels anew for the version and writes the lock file: run it when the DuckDB
version changes, and review the diff.
"""
import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile

EXTENSIONS = ["ducklake", "postgres_scanner", "httpfs", "sqlite_scanner", "mysql_scanner", "aws"]

# DuckDB platform name -> the wheel platform tag pip selects with --platform.
WHEEL_TAGS = {
    "linux_amd64": "manylinux2014_x86_64",
    "linux_arm64": "manylinux2014_aarch64",
    "osx_arm64": "macosx_11_0_arm64",
    "osx_amd64": "macosx_11_0_x86_64",
    "windows_amd64": "win_amd64",
}


def fail(message):
    sys.exit("provision_extensions: " + message)


def engine_version(jdbc_version):
    # duckdb_jdbc versions add a fourth component for Java-only releases: 1.5.5.1 embeds DuckDB 1.5.5.
    parts = jdbc_version.split(".")
    if len(parts) < 3:
        fail(f"cannot read a DuckDB version from '{jdbc_version}'")
    return ".".join(parts[:3])


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def package(name, version):
    return "duckdb-extension-" + name.replace("_", "-") + "==" + version


def read_lock(path):
    """{(platform, name): (wheel file name, sha256)} and the DuckDB version the lock is for."""
    entries, version = {}, None
    with open(path) as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            fields = line.split()
            if fields[0] == "duckdb" and len(fields) == 2:
                version = fields[1]
            elif len(fields) == 4 and fields[3].startswith("sha256:"):
                entries[(fields[0], fields[1])] = (fields[2], fields[3][len("sha256:"):])
            else:
                fail(f"{path}:{number}: expected 'platform extension wheel sha256:<hex>', got: {line}")
    if version is None:
        fail(f"{path} names no DuckDB version (a line 'duckdb <version>')")
    return entries, version


def pip_download(args, dest):
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
           "--disable-pip-version-check", "-q", "-d", dest] + args
    result = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if result.returncode != 0:
        fail(f"pip could not fetch {' '.join(args)}:\n{result.stdout}")


def fetch_wheel(name, version, plat, wheel, digest, cache):
    """The locked wheel, from the cache or from pip in hash-checking mode; always checked against the lock."""
    wheel_dir = os.path.join(cache, "wheels", version, plat)
    os.makedirs(wheel_dir, exist_ok=True)
    path = os.path.join(wheel_dir, wheel)
    if os.path.exists(path) and sha256(path) != digest:
        os.remove(path)  # a damaged or replaced cache entry: fetch the locked one again
    if not os.path.exists(path):
        with tempfile.TemporaryDirectory(dir=wheel_dir) as tmp:
            requirements = os.path.join(tmp, "requirements.txt")
            with open(requirements, "w") as f:
                f.write(f"{package(name, version)} --hash=sha256:{digest}\n")
            pip_download(["--platform", WHEEL_TAGS[plat], "--require-hashes", "-r", requirements], tmp)
            got = os.path.join(tmp, wheel)
            if not os.path.exists(got):
                fail(f"pip fetched {os.listdir(tmp)} for {package(name, version)} on {plat}, not the locked {wheel}")
            os.replace(got, path)
    if sha256(path) != digest:
        fail(f"{wheel} does not match the SHA-256 in the lock file")
    return path


def extract(wheel, name, version, target):
    suffix = f"/extensions/v{version}/{name}.duckdb_extension"
    with zipfile.ZipFile(wheel) as z:
        entries = [e for e in z.namelist() if e.endswith(suffix)]
        if len(entries) != 1:
            fail(f"{os.path.basename(wheel)} holds {len(entries)} files named *{suffix}, expected one")
        os.makedirs(os.path.dirname(target), exist_ok=True)
        tmp = target + ".tmp"
        with z.open(entries[0]) as src, open(tmp, "wb") as dst:
            shutil.copyfileobj(src, dst)
        os.replace(tmp, target)


def link_or_copy(source, target):
    os.makedirs(os.path.dirname(target), exist_ok=True)
    if os.path.exists(target):
        os.remove(target)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="\n") as f:
        f.write(text)


def write_lock(path, version, cache):
    lines = [
        "# The DuckDB extension wheels the build bundles: platform, extension, wheel file, SHA-256.",
        "# The build fetches exactly these (pip in hash-checking mode); a wheel that changed fails it.",
        "# Written by: python3 src/build/provision_extensions.py --write-lock --duckdb-jdbc-version <v> --lock <this file>",
        f"duckdb {version}",
    ]
    for plat in WHEEL_TAGS:
        for name in EXTENSIONS:
            wheel_dir = os.path.join(cache, "lock", version, plat, name)
            shutil.rmtree(wheel_dir, ignore_errors=True)
            os.makedirs(wheel_dir)
            pip_download(["--platform", WHEEL_TAGS[plat], package(name, version)], wheel_dir)
            wheels = [f for f in os.listdir(wheel_dir) if f.endswith(".whl")]
            if len(wheels) != 1:
                fail(f"pip fetched {wheels} for {package(name, version)} on {plat}")
            lines.append(f"{plat} {name} {wheels[0]} sha256:{sha256(os.path.join(wheel_dir, wheels[0]))}")
            shutil.rmtree(wheel_dir)
    write(path, "\n".join(lines) + "\n")
    print(f"provision_extensions: wrote {len(lines) - 4} locked wheels for {version} to {path}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--duckdb-jdbc-version", required=True)
    ap.add_argument("--lock", required=True)
    ap.add_argument("--out")
    ap.add_argument("--platforms", help="comma-separated platforms to provision (default: every platform in the lock)")
    ap.add_argument("--write-lock", action="store_true", help="resolve the wheels anew and write the lock file")
    args = ap.parse_args()

    version = engine_version(args.duckdb_jdbc_version)
    cache = os.environ.get("DUCKLAKE_JDBC_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "ducklake-jdbc")
    if args.write_lock:
        write_lock(args.lock, version, cache)
        return
    if not args.out:
        fail("--out is required")

    locked, lock_version = read_lock(args.lock)
    if lock_version != version:
        fail(f"{args.lock} is for DuckDB {lock_version} but the build uses {version}: run --write-lock")
    platforms = sorted({plat for plat, _ in locked})
    if args.platforms:
        wanted = sorted({p.strip() for p in args.platforms.split(",") if p.strip()})
        unknown = [p for p in wanted if p not in platforms]
        if unknown:
            fail(f"{args.lock} has no wheels for {', '.join(unknown)}; it has {', '.join(platforms)}")
        platforms = wanted
        locked = {key: value for key, value in locked.items() if key[0] in platforms}
    for plat in platforms:
        if plat not in WHEEL_TAGS:
            fail(f"{args.lock} names an unknown platform '{plat}'; known: {', '.join(sorted(WHEEL_TAGS))}")
        missing = [n for n in EXTENSIONS if (plat, n) not in locked]
        if missing:
            fail(f"{args.lock} has no wheel of {', '.join(missing)} for {plat}")

    # The output is up to date when it was made from this very lock file for these platforms.
    with open(args.lock, "rb") as f:
        stamp = hashlib.sha256(f.read()).hexdigest() + " " + ",".join(platforms) + "\n"
    stamp_path = os.path.join(args.out, "lock.sha256")
    if os.path.exists(stamp_path):
        with open(stamp_path) as f:
            if f.read() == stamp:
                print(f"provision_extensions: {len(locked)} extension files for v{version} up to date")
                return

    if os.path.isdir(args.out):
        shutil.rmtree(args.out)
    for plat in platforms:
        root = os.path.join(args.out, "jar", plat, "org", "ducklake", "jdbc", "extensions")
        sums = []
        for name in EXTENSIONS:
            wheel, digest = locked[(plat, name)]
            rel = f"v{version}/{plat}/{name}.duckdb_extension"
            target = os.path.join(root, rel)
            extract(fetch_wheel(name, version, plat, wheel, digest, cache), name, version, target)
            sums.append(f"{rel}={sha256(target)}")
            link_or_copy(target, os.path.join(args.out, "repository", rel))
        write(os.path.join(root, plat + ".properties"),
              f"duckdb.version=v{version}\nplatform={plat}\n" + "\n".join(sorted(sums)) + "\n")
        write(os.path.join(args.out, "marker", plat, "org", "ducklake", "jdbc", "driver-jar.properties"),
              f"platform={plat}\n")
    write(stamp_path, stamp)
    print(f"provision_extensions: {len(locked)} extension files for v{version} ({', '.join(platforms)}) in {args.out}")


if __name__ == "__main__":
    main()
