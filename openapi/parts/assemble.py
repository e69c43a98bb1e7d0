#!/usr/bin/env python3
"""Assemble openapi/parts/*.yaml into openapi/postpress.yaml (temporary tool for writing the spec)."""
import glob, os, subprocess, sys, tempfile, shutil
here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(os.path.dirname(here))
base = open(os.path.join(here, "base.yaml.in")).read()
paths = "".join(open(p).read().rstrip("\n") + "\n" for p in sorted(glob.glob(os.path.join(here, "*.paths.yaml"))))
schemas = "".join(open(p).read().rstrip("\n") + "\n" for p in sorted(glob.glob(os.path.join(here, "*.schemas.yaml"))))
out = base.replace("#@PATHS@\n", paths).replace("#@SCHEMAS@\n", schemas)
if "--check" in sys.argv:
    import yaml
    page = sys.argv[sys.argv.index("--check") + 1]
    tmp = tempfile.mkdtemp()
    spec = os.path.join(tmp, "spec.yaml")
    open(spec, "w").write(out)
    yaml.safe_load(out)
    docs = os.path.join(tmp, "docs"); os.mkdir(docs)
    shutil.copy(os.path.join(root, "..", "shared", "docs", page), docs)
    r = subprocess.run([os.path.join(root, "..", "shared", "tools", "doc-coverage"), "--spec", spec, "--docs", docs, "--src", "/nonexistent"], cwd=root)
    sys.exit(r.returncode)
open(os.path.join(root, "openapi", "postpress.yaml"), "w").write(out)
print("wrote openapi/postpress.yaml")
