"""Run a command against a throwaway PostgreSQL cluster, then remove the cluster.

    python scripts/with_postgres.py -- pytest -n 2

initdb in a temporary folder, a free port on 127.0.0.1, trust authentication
for the local test user; HOMEWARD_DATABASE_URL is set for the command. No
system PostgreSQL service is used or needed. As root (CI containers), the
cluster runs as the 'postgres' system user, because PostgreSQL refuses root.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path


def _bindir() -> Path:
    found = shutil.which("pg_config")
    if found:
        out = subprocess.run([found, "--bindir"], capture_output=True, text=True, check=False).stdout.strip()
        if out and (Path(out) / "initdb").exists():
            return Path(out)
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    if candidates:
        return Path(candidates[0]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).resolve().parent
    sys.exit("PostgreSQL server binaries (initdb, pg_ctl) not found: install the postgresql package.")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_cluster_user(argv: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return argv
    return ["runuser", "-u", "postgres", "--", *argv]


def main(command: list[str]) -> int:
    bindir, port = _bindir(), _free_port()
    root = Path(tempfile.mkdtemp(prefix="homeward-pg-"))
    data, sockets = root / "data", root / "run"
    sockets.mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(sockets, "postgres")
    try:
        subprocess.run(_as_cluster_user([str(bindir / "initdb"), "-D", str(data), "-U", "homeward",
                                         "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]),
                       check=True, stdout=subprocess.DEVNULL)
        options = f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
        subprocess.run(_as_cluster_user([str(bindir / "pg_ctl"), "-D", str(data), "-o", options,
                                         "-l", str(root / "server.log"), "-w", "start"]),
                       check=True, stdout=subprocess.DEVNULL)
        env = dict(os.environ, HOMEWARD_DATABASE_URL=f"postgres://homeward@127.0.0.1:{port}/homeward")
        print(f"PostgreSQL test cluster on port {port}", flush=True)
        return subprocess.run(command, env=env, check=False).returncode
    finally:
        if data.exists():
            subprocess.run(_as_cluster_user([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
                           check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["--"]:
        args = args[1:]
    if not args:
        sys.exit("usage: with_postgres.py -- COMMAND ...")
    sys.exit(main(args))
