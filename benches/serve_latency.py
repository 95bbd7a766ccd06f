#!/usr/bin/env python3
"""Edit-to-served latency of `regelwerk serve` (SPEC §7), for benches/bench.sh.

Usage: serve_latency.py BIN PROJECT RUNS
Starts `BIN --root PROJECT serve` on a free port, then RUNS times: saves an
edit (alternately to the regulation and to the first case file), and polls
the page it changes every millisecond until the new text is served. Prints
median and max in ms for each kind of edit. Times are wall clock, from just
before the file is written to the first response that shows the change;
they include the debounce.
"""
import http.client, os, re, socket, statistics, subprocess, sys, time

bin_, project, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
server = subprocess.Popen([bin_, "--root", project, "serve", "--port", str(port)],
                          stderr=open(os.environ.get("SERVE_LOG", os.devnull), "w"))

def get(path):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        conn.request("GET", path)
        return conn.getresponse().read().decode("utf-8", "replace")
    except OSError:
        return ""
    finally:
        conn.close()

deadline = time.time() + 120
while "</html>" not in get("/"):
    if time.time() > deadline:
        sys.exit("serve did not start")
    time.sleep(0.05)

regulation = os.path.join(project, "content", "klachtenreglement.md")
cases_dir = os.path.join(project, "data", "cases")
case_file = sorted(f for f in os.listdir(cases_dir) if f.endswith(".yaml"))[0]
case_path = os.path.join(cases_dir, case_file)
case_text = open(case_path, encoding="utf-8").read()
case_id = re.search(r"^id: *(\S+)", case_text, re.M).group(1)
letter = f"/_preview/letters/{case_id}/01-ontvangstbevestiging.html"
reg_text = open(regulation, encoding="utf-8").read()

def measure(path, write, marker):
    start = time.perf_counter()
    write()
    while marker not in get(path):
        if time.perf_counter() - start > 30:
            sys.exit(f"edit never served: {marker} at {path}")
        time.sleep(0.001)
    return (time.perf_counter() - start) * 1000

results = {"regulation": [], "case file": []}
try:
    for i in range(runs):
        marker = f"Meetpunt{i}x"
        def save_reg():
            with open(regulation, "w", encoding="utf-8") as f:
                f.write(reg_text.replace("kan je een klacht indienen", f"kan je een klacht indienen ({marker})", 1))
        results["regulation"].append(measure("/", save_reg, marker))
        time.sleep(0.1)
        def save_case():
            new = re.sub(r"^(omschrijving: *).*$", lambda m: f'{m.group(1)}"{marker} omschrijving"', case_text, count=1, flags=re.M)
            with open(case_path, "w", encoding="utf-8") as f:
                f.write(new)
        results["case file"].append(measure(letter, save_case, marker))
        time.sleep(0.1)
finally:
    open(regulation, "w", encoding="utf-8").write(reg_text)
    open(case_path, "w", encoding="utf-8").write(case_text)
    server.terminate()
    server.wait()

for kind, times in results.items():
    print(f"  {kind:10} edit → served: median {statistics.median(times):6.1f} ms, "
          f"max {max(times):6.1f} ms ({len(times)} edits)")
