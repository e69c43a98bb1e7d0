#!/usr/bin/env python3
"""Bulk export of relations: `postpress users relations --all` against curl
and the vendor's Node SDK, on loopback, each figure from the same run.

A loopback server holds 100 pages of 1,000 relations (compact JSON, as the
API sends it); each client fetches all of them and writes what it got to
/dev/null:

- curl: one process fetching the 100 page URLs over one connection (the
  floor: no decoding, no per-item work);
- postpress: the CLI (release build), which decodes every relation with the
  SDK and prints each as one JSON line, exactly as received;
- node: unipile-node-sdk 1.9.3, `users.getAllRelations` in a cursor loop,
  printing each relation with `JSON.stringify` (installed into a temporary
  folder from the npm registry; skipped with a note when npm is missing).

Each command runs 5 times, interleaved; the table shows the median wall
time of the whole process and the largest peak RSS. Run from the repository
root: `python3 benches/cli_export.py` (it builds the CLI first).
"""

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

PAGES, PER_PAGE, RUNS = 100, 1000, 5
NODE_SDK = "unipile-node-sdk@1.9.3"


def make_pages():
    pages = []
    for p in range(PAGES):
        items = []
        for i in range(PER_PAGE):
            n = p * PER_PAGE + i
            items.append({
                "object": "UserRelation",
                "first_name": f"First{n}",
                "last_name": f"Last{n}",
                "headline": "Engineer at Acme",
                "public_identifier": f"member-{n}",
                "public_profile_url": f"https://www.linkedin.com/in/member-{n}",
                "created_at": 1747400000000 + n,
                "member_id": f"ACoAA{n:08d}",
                "member_urn": f"urn:li:fsd_profile:ACoAA{n:08d}",
                "connection_urn": f"urn:li:fsd_connection:(ACoAABxyz,ACoAA{n:08d})",
                "profile_picture_url": f"https://media.licdn.com/{n}.jpg",
                "tags": [],
            })
        cursor = f"p{p + 1}" if p + 1 < PAGES else None
        page = {"object": "UserRelationsList", "items": items, "cursor": cursor}
        pages.append(json.dumps(page, separators=(",", ":")).encode())
    return pages


def serve(pages):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            query = parse_qs(urlparse(self.path).query)
            cursor = query.get("cursor", ["p0"])[0]
            body = pages[int(cursor[1:])]
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


GNU_TIME = "/usr/bin/time"


def measure(argv):
    """Wall time and peak RSS (KiB) of one run, output to /dev/null. The
    peak RSS comes from GNU time (`apt-get install time`): a child's own
    rusage would also count the memory it shared with this process."""
    with open(os.devnull, "wb") as null:
        started = time.perf_counter()
        done = subprocess.run(
            [GNU_TIME, "-f", "%M"] + argv, stdout=null, stderr=subprocess.PIPE
        )
        elapsed = time.perf_counter() - started
    stderr = done.stderr.decode(errors="replace").strip()
    if done.returncode != 0:
        sys.exit(f"{argv[0]} failed: {stderr}")
    return elapsed, int(stderr.splitlines()[-1])


def node_command(base):
    if not shutil.which("npm") or not shutil.which("node"):
        return None
    folder = tempfile.mkdtemp(prefix="postpress-node-bench-")
    subprocess.run(
        ["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", folder, NODE_SDK],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    script = os.path.join(folder, "export.js")
    with open(script, "w") as f:
        f.write(
            """
const { UnipileClient } = require('unipile-node-sdk');
(async () => {
  const client = new UnipileClient(process.argv[2], 'bench-key');
  let cursor;
  do {
    const page = await client.users.getAllRelations({ account_id: 'acc_1', limit: %d, cursor });
    let out = '';
    for (const item of page.items) out += JSON.stringify(item) + '\\n';
    process.stdout.write(out);
    cursor = page.cursor;
  } while (cursor);
})().catch((e) => { console.error(e); process.exit(1); });
"""
            % PER_PAGE
        )
    return ["node", script, base]


def start_server():
    """The loopback server in its own process, so this one stays small (a
    child's peak RSS counts what it shared with its parent before exec)."""
    server = subprocess.Popen(
        [sys.executable, __file__, "--serve"], stdout=subprocess.PIPE, text=True
    )
    host = server.stdout.readline().strip()
    if not host:
        sys.exit("the loopback server did not start")
    return server, host


def main():
    if not os.path.exists(GNU_TIME) and sys.argv[1:] != ["--serve"]:
        sys.exit(f"{GNU_TIME} is missing: apt-get install time")
    if sys.argv[1:] == ["--serve"]:
        pages = make_pages()
        server = serve(pages)
        print(f"http://127.0.0.1:{server.server_address[1]}", flush=True)
        threading.Event().wait()
    subprocess.run(
        ["cargo", "build", "--release", "--quiet", "-p", "postpress-cli", "--bin", "postpress"],
        check=True,
    )
    cli = os.path.join("target", "release", "postpress")
    server, host = start_server()
    api = f"{host}/api/v1"
    urls = [f"{api}/users/relations?account_id=acc_1&limit={PER_PAGE}"]
    urls += [f"{api}/users/relations?account_id=acc_1&limit={PER_PAGE}&cursor=p{p}" for p in range(1, PAGES)]
    commands = {
        "curl (100 pages, one process)": ["curl", "-s", "--fail"] + [a for u in urls for a in (u, "-o", "/dev/null")],
        "postpress users relations --all": [
            cli, "--base-url", api, "--api-key", "bench-key",
            "users", "relations", "--account-id", "acc_1", "--limit", str(PER_PAGE), "--all",
        ],
    }
    node = node_command(host)
    if node:
        commands["unipile-node-sdk 1.9.3 cursor loop"] = node
    results = {name: [] for name in commands}
    for _ in range(RUNS):
        for name, argv in commands.items():
            results[name].append(measure(argv))
    server.kill()
    server.wait()
    total_mb = sum(len(p) for p in make_pages()) / 1e6
    baseline = statistics.median(t for t, _ in results["curl (100 pages, one process)"])
    print(f"{PAGES} pages x {PER_PAGE} relations ({total_mb:.1f} MB) on loopback, median of {RUNS}:\n")
    print("| command | wall time | vs curl | peak RSS |")
    print("| --- | --- | --- | --- |")
    for name, runs in results.items():
        wall = statistics.median(t for t, _ in runs)
        rss = max(r for _, r in runs) / 1024
        print(f"| {name} | {wall:.3f} s | {wall / baseline:.2f}x | {rss:.1f} MiB |")
    if not node:
        print("\n(node/npm not found: the Node SDK row is missing)")


if __name__ == "__main__":
    main()
