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


def passed_on(line):
    """Each line as it comes (client_matrix.py times the tasks by them)."""
    sys.stdout.write(line)
    sys.stdout.flush()


def run_until(command, marker):
    """Run command; kill it when marker (if any) shows. Returns (killed, output lines, exit code)."""
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)
    lines = []
    for line in proc.stdout:
        lines.append(line)
        passed_on(line)
        if marker and marker in line:
            os.killpg(proc.pid, signal.SIGKILL)
            return True, lines, proc.wait()
    return False, lines, proc.wait()


def main():
    args = sys.argv[1:]
    marker, command = args[0], args[args.index('--') + 1:]
    killed, first, _rc = run_until(command, marker)
    sys.stderr.write('first run %s at: %s\n' % ('killed' if killed else 'ended WITHOUT the marker', first[-1].strip() if first else ''))
    if not killed:
        sys.stderr.write(''.join(first[-40:]))
        return 1
    _killed, second, returncode = run_until(command, None)
    sys.stderr.write(''.join(second[-60:]))
    return returncode


if __name__ == '__main__':
    sys.exit(main())
