#!/usr/bin/env python3
"""Provision DuckDB's signed extension binaries for the pinned DuckDB version into a local repository.

The driver bundles these files so that a connection needs no internet. DuckDB publishes the official,
signed extension files on PyPI as wheels named ``duckdb-extension-<name>==<duckdb version>``; each wheel
is a zip holding ``<pkg>/extensions/v<version>/<name>.duckdb_extension`` (older wheels:
``<pkg>/extensions/<version>/<platform>/<name>.duckdb_extension.gz``). pip is the ordinary client for the
registry, so this script asks pip for the wheel of each wanted platform, takes the file out unchanged
(signatures are checked by DuckDB at INSTALL and LOAD) and lays it out the way DuckDB's repository is:

    <out>/v<version>/<platform>/<name>.duckdb_extension

It also writes <out>/manifest.properties with the SHA-256 of every file, which the driver checks after
extracting a bundled file and before installing it.

Wheels are cached (DUCKLAKE_JDBC_CACHE, default ~/.cache/ducklake-jdbc) so rebuilds and CI runs do not
download again; an up-to-date output directory is left alone.
"""
import argparse
import hashlib
import os
import platform as host
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
    "osx_amd64": "macosx_10_9_x86_64",
    "windows_amd64": "win_amd64",
}


def host_platform():
    system = host.system().lower()
    machine = host.machine().lower()
    arch = {"x86_64": "amd64", "amd64": "amd64", "aarch64": "arm64", "arm64": "arm64"}.get(machine)
    osname = {"linux": "linux", "darwin": "osx", "windows": "windows"}.get(system)
    if not arch or not osname:
        sys.exit(f"provision_extensions: no DuckDB extension platform for {system}/{machine}")
    return f"{osname}_{arch}"


def engine_version(jdbc_version):
    # duckdb_jdbc versions add a fourth component for Java-only releases: 1.5.5.1 embeds DuckDB 1.5.5.
    parts = jdbc_version.split(".")
    if len(parts) < 3:
        sys.exit(f"provision_extensions: cannot read a DuckDB version from '{jdbc_version}'")
    return ".".join(parts[:3])


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fetch_wheel(name, version, plat, cache):
    wheel_dir = os.path.join(cache, "wheels", version, plat)
    os.makedirs(wheel_dir, exist_ok=True)
    dist = "duckdb_extension_" + name
    for f in os.listdir(wheel_dir):
        if f.startswith(dist + "-" + version + "-") and f.endswith(".whl"):
            return os.path.join(wheel_dir, f)
    package = "duckdb-extension-" + name.replace("_", "-") + "==" + version
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
           "--platform", WHEEL_TAGS[plat], "--disable-pip-version-check", "-q", "-d", wheel_dir, package]
    result = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if result.returncode != 0:
        sys.exit(f"provision_extensions: pip could not fetch {package} for {plat}:\n{result.stdout}")
    for f in os.listdir(wheel_dir):
        if f.startswith(dist + "-" + version + "-") and f.endswith(".whl"):
            return os.path.join(wheel_dir, f)
    sys.exit(f"provision_extensions: pip reported success but no wheel for {package} is in {wheel_dir}")


def extract(wheel, name, version, plat, target):
    wanted = {
        f"extensions/v{version}/{name}.duckdb_extension": False,
        f"extensions/{version}/{plat}/{name}.duckdb_extension.gz": True,
        f"extensions/v{version}/{plat}/{name}.duckdb_extension.gz": True,
        f"extensions/v{version}/{plat}/{name}.duckdb_extension": False,
    }
    with zipfile.ZipFile(wheel) as z:
        for entry in z.namelist():
            for suffix, gzipped in wanted.items():
                if entry.endswith("/" + suffix):
                    os.makedirs(os.path.dirname(target), exist_ok=True)
                    tmp = target + ".tmp"
                    with z.open(entry) as src, open(tmp, "wb") as dst:
                        if gzipped:
                            import gzip
                            with gzip.GzipFile(fileobj=src) as g:
                                shutil.copyfileobj(g, dst)
                        else:
                            shutil.copyfileobj(src, dst)
                    os.replace(tmp, target)
                    return
    sys.exit(f"provision_extensions: {os.path.basename(wheel)} holds no {name}.duckdb_extension for v{version}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--duckdb-jdbc-version", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--platforms", default="", help="comma-separated DuckDB platforms; empty: this machine's")
    args = ap.parse_args()

    version = engine_version(args.duckdb_jdbc_version)
    platforms = [p.strip() for p in args.platforms.split(",") if p.strip()] or [host_platform()]
    for plat in platforms:
        if plat not in WHEEL_TAGS:
            sys.exit(f"provision_extensions: unknown platform '{plat}'; known: {', '.join(sorted(WHEEL_TAGS))}")
    cache = os.environ.get("DUCKLAKE_JDBC_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "ducklake-jdbc")

    manifest_path = os.path.join(args.out, "manifest.properties")
    expected_header = f"duckdb.version=v{version}\nplatforms={','.join(platforms)}\nextensions={','.join(EXTENSIONS)}\n"
    if os.path.exists(manifest_path):
        with open(manifest_path) as f:
            current = f.read()
        if current.startswith(expected_header) and all(
                os.path.exists(os.path.join(args.out, f"v{version}", p, f"{n}.duckdb_extension"))
                for p in platforms for n in EXTENSIONS):
            print(f"provision_extensions: {len(platforms) * len(EXTENSIONS)} extension files for v{version} up to date")
            return

    if os.path.isdir(args.out):
        shutil.rmtree(args.out)
    lines = []
    for plat in platforms:
        for name in EXTENSIONS:
            rel = f"v{version}/{plat}/{name}.duckdb_extension"
            target = os.path.join(args.out, rel)
            extract(fetch_wheel(name, version, plat, cache), name, version, plat, target)
            lines.append(f"{rel}={sha256(target)}")
    with tempfile.NamedTemporaryFile("w", dir=args.out, delete=False) as f:
        f.write(expected_header + "\n".join(lines) + "\n")
    os.replace(f.name, manifest_path)
    print(f"provision_extensions: {len(lines)} extension files for v{version} ({', '.join(platforms)}) in {args.out}")


if __name__ == "__main__":
    main()
