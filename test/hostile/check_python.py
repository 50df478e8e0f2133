"""Batch checker for the hostile-input suite: one process for every Python-side job.

Reads a JSON list of jobs on stdin and prints a JSON list of results, same order:
  {"kind": "py", "source": ...}      -> ast.parse; for class Settings, each field's
                                        validation_alias, default and Literal[...] values, and the
                                        comment lines right above it (from tokenize, so a "#" inside
                                        a string literal is never mistaken for a comment)
  {"kind": "dotenv", "source": ...}  -> python-dotenv's reading of a .env file, plus any line it
                                        could not parse
Nothing is executed: the sources are only parsed.
"""

import ast
import io
import json
import logging
import sys
import tokenize


def comments_by_line(source):
    out = {}
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.COMMENT:
            out[tok.start[0]] = tok.string
    return out


def literal_values(annotation):
    """Literal["a", "b"] anywhere inside the annotation, as a list, else None."""
    for node in ast.walk(annotation):
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id == "Literal":
            elts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
            return [ast.literal_eval(e) for e in elts]
    return None


def check_py(source):
    tree = ast.parse(source)
    comments = comments_by_line(source)
    lines = source.split("\n")  # tokenize counts "\n" only; str.splitlines would also split on U+2028 etc.
    fields = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.ClassDef) and node.name == "Settings"):
            continue
        for stmt in node.body:
            if not (isinstance(stmt, ast.AnnAssign) and isinstance(stmt.value, ast.Call)):
                continue
            kw = {k.arg: k.value for k in stmt.value.keywords}
            if "validation_alias" not in kw:
                continue
            field = {
                "name": stmt.target.id,
                "alias": ast.literal_eval(kw["validation_alias"]),
                "hasDefault": "default" in kw,
                "default": ast.literal_eval(kw["default"]) if "default" in kw else None,
                "values": literal_values(stmt.annotation),
            }
            above = []
            n = stmt.lineno - 1
            while n in comments and lines[n - 1].strip() == comments[n]:
                above.insert(0, comments[n])
                n -= 1
            field["comments"] = above
            fields.append(field)
    return {"ok": True, "fields": fields}


class Collect(logging.Handler):
    def __init__(self):
        super().__init__()
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def check_dotenv(source):
    from dotenv import dotenv_values

    handler = Collect()
    logger = logging.getLogger("dotenv.main")
    logger.addHandler(handler)
    try:
        values = dotenv_values(stream=io.StringIO(source), interpolate=False)
    finally:
        logger.removeHandler(handler)
    return {"ok": not handler.messages, "values": values, "error": "; ".join(handler.messages)}


def main():
    jobs = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    results = []
    for job in jobs:
        try:
            results.append(check_py(job["source"]) if job["kind"] == "py" else check_dotenv(job["source"]))
        except SyntaxError as e:
            results.append({"ok": False, "error": f"SyntaxError: {e.msg} (line {e.lineno}, offset {e.offset})"})
        except Exception as e:  # noqa: BLE001 - every failure is a finding, reported per job
            results.append({"ok": False, "error": f"{type(e).__name__}: {e}"})
    json.dump(results, sys.stdout, ensure_ascii=True)


if __name__ == "__main__":
    main()
