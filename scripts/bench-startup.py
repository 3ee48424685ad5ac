#!/usr/bin/env python3
"""Issue 2's startup figure: time from process start to the first frame drawn.

Runs `switchboard --exit-after-first-frame` (which exits right after drawing its first frame)
under a real pty, and a hello-world Swift binary built the same way, 20 times each, and prints
both medians and their ratio (goal: switchboard <= 3x hello world).

Usage: scripts/bench-startup.py [--config debug|release] [--scratch-path DIR]   (builds what it needs)
"""
import os, pty, statistics, subprocess, sys, time

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
config = "release"
if "--config" in sys.argv:
    config = sys.argv[sys.argv.index("--config") + 1]
scratch = []
if "--scratch-path" in sys.argv:
    scratch = ["--scratch-path", sys.argv[sys.argv.index("--scratch-path") + 1]]

def run_under_pty(argv, env):
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(argv[0], argv, env)
    while True:
        try:
            if not os.read(fd, 65536):
                break
        except OSError:
            break
    os.waitpid(pid, 0)
    os.close(fd)
    return time.perf_counter() - start

def median_time(argv, env, runs=20):
    run_under_pty(argv, env)
    return statistics.median(run_under_pty(argv, env) for _ in range(runs))

subprocess.run(["swift", "build", "-c", config, "--product", "switchboard", *scratch], cwd=root, check=True,
               stdout=subprocess.DEVNULL)
bin_dir = subprocess.run(["swift", "build", "-c", config, "--show-bin-path", *scratch], cwd=root, check=True,
                         capture_output=True, text=True).stdout.strip()
hello_dir = os.path.join(root, ".build", "bench-hello")
os.makedirs(hello_dir, exist_ok=True)
hello_src = os.path.join(hello_dir, "hello.swift")
with open(hello_src, "w") as f:
    f.write('import Foundation\nprint("hello, world")\n')
hello_bin = os.path.join(hello_dir, "hello")
flags = ["-O"] if config == "release" else ["-Onone"]
subprocess.run(["swiftc", *flags, hello_src, "-o", hello_bin], check=True)

env = dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8")
console = median_time([os.path.join(bin_dir, "switchboard"), "--sandbox", "--exit-after-first-frame"], env)
hello = median_time([hello_bin], env)
print(f"startup ({config}): switchboard to first frame {console*1000:.1f} ms, hello world {hello*1000:.1f} ms, "
      f"ratio {console/hello:.2f}x (goal <= 3x; median of 20 under a pty)")
