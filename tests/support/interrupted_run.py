# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run a command, kill it (SIGKILL, its whole process group) as soon as a line of its output
contains MARKER, then run the same command again to the end: how the migration scenario proves
that a re-run finishes what an interrupted one left. Exits with the second run's code (1 when the
marker never appeared). The last lines of both runs go to stderr.

Usage: interrupted_run.py MARKER -- COMMAND ARGV...
"""

from __future__ import absolute_import, division, print_function

import os
import signal
import subprocess
import sys


def run_until(command, marker):
    """Run command; kill it when marker shows. Returns (killed, output lines)."""
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)
    lines = []
    for line in proc.stdout:
        lines.append(line)
        if marker in line:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            return True, lines
    proc.wait()
    return False, lines


def main():
    args = sys.argv[1:]
    marker, command = args[0], args[args.index('--') + 1:]
    killed, first = run_until(command, marker)
    sys.stderr.write('first run %s at: %s\n' % ('killed' if killed else 'ended WITHOUT the marker', first[-1].strip() if first else ''))
    if not killed:
        sys.stderr.write(''.join(first[-40:]))
        return 1
    second = subprocess.run(command, capture_output=True, text=True, check=False)
    sys.stderr.write(''.join((second.stdout + second.stderr).splitlines(True)[-60:]))
    return second.returncode


if __name__ == '__main__':
    sys.exit(main())
