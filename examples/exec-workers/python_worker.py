#!/usr/bin/env python3
"""An example fib exec worker in Python (see docs/models.md, "exec: workers").

Protocol (JSONL on stdin/stdout): print one ready line, then answer each request line
{"id", "prompt", "item"} with {"id", "answer": 0|1|"yes"|"no"|null, "p_yes"?, "error"?}.
Exit when stdin closes. Replace answer() with a call to your own model.

    pnpm fib eval-static --models "exec:python3 examples/exec-workers/python_worker.py"
"""
import json
import re
import sys


def answer(prompt: str) -> dict:
    # a shallow heuristic: "yes" unless the question mentions a converse comparative it did not see in the premises
    sentences = re.split(r"(?<=[.?])\s+", prompt.strip())
    question = next((s for s in reversed(sentences) if s.endswith("?")), prompt)
    premises = " ".join(s for s in sentences if s is not question)
    words = re.findall(r"\b(\w+er)\b than", question)
    unseen = any(w not in premises for w in words)
    return {"answer": "no" if unseen else "yes", "p_yes": 0.35 if unseen else 0.65}


def main() -> None:
    print(json.dumps({"ready": True, "model": "python-converse-worker"}), flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            req = json.loads(line)
        except json.JSONDecodeError:
            continue
        try:
            out = {"id": req["id"], **answer(req["prompt"])}
        except Exception as e:  # an error answer, not a crash
            out = {"id": req.get("id"), "answer": None, "error": str(e)}
        print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
