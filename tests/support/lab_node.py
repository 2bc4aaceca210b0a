# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Start, stop or kill a service in one of the lab's containers, whatever the lab's engine and init.

    lab_node.py start|stop|restart|kill CONTAINER server|sentinel|exporter

The container says what it is: /etc/redisops-lab names its lab (tools/build_lab_image.sh), whose
second half is the engine, and PID 1 is systemd or tini (the init-script lab). Under systemd a
killed server would be restarted at once (Restart=always) and Sentinel would see no failure, so
`kill` first adds a runtime drop-in with Restart=no, as playbooks/drill.yml does; `start` removes it.
"""

from __future__ import absolute_import, division, print_function

import subprocess
import sys

SERVICES = {
    'redis': {'server': 'redis-server', 'sentinel': 'redis-sentinel'},
    'valkey': {'server': 'valkey-server', 'sentinel': 'valkey-sentinel'},
}
DROP_IN = '/run/systemd/system/%s.service.d/redisops-test.conf'


def _exec(container, *argv, check=True):
    return subprocess.run(['docker', 'exec', container] + list(argv), check=check, capture_output=True, text=True)


class LabNode:
    """One container of the lab: its engine's service names and its init."""

    def __init__(self, container):
        self.container = container
        lab = _exec(container, 'cat', '/etc/redisops-lab').stdout.strip()
        self.engine = lab.split('-', 1)[1]
        self.systemd = _exec(container, 'cat', '/proc/1/comm').stdout.strip() == 'systemd'

    def service(self, kind):
        if kind == 'exporter':
            return 'prometheus-redis-exporter'
        return SERVICES[self.engine][kind]

    def _manage(self, action, kind):
        name = self.service(kind)
        if self.systemd:
            return _exec(self.container, 'systemctl', action, name)
        return _exec(self.container, '/etc/init.d/' + name, action)

    def keep_down_when_killed(self, kind='server'):
        """Under systemd, keep a killed process down (until start)."""
        if not self.systemd:
            return
        drop_in = DROP_IN % self.service(kind)
        _exec(self.container, 'sh', '-c', 'mkdir -p "${1%/*}" && printf "[Service]\\nRestart=no\\n" > "$1" && systemctl daemon-reload',
              'sh', drop_in)

    def kill(self, kind='server'):
        self.keep_down_when_killed(kind)
        return _exec(self.container, 'pkill', '--signal', 'KILL', '--exact', self.service(kind))

    def stop(self, kind):
        return self._manage('stop', kind)

    def restart(self, kind):
        return self._manage('restart', kind)

    def start(self, kind):
        if self.systemd:
            _exec(self.container, 'sh', '-c', 'rm -f "$1" && systemctl daemon-reload && systemctl reset-failed "$2" || true',
                  'sh', DROP_IN % self.service(kind), self.service(kind))
        return self._manage('start', kind)


def main(argv):
    if len(argv) != 4 or argv[1] not in ('start', 'stop', 'restart', 'kill') or argv[3] not in ('server', 'sentinel', 'exporter'):
        sys.stderr.write(__doc__)
        return 2
    node = LabNode(argv[2])
    try:
        getattr(node, argv[1])(argv[3])
    except subprocess.CalledProcessError as error:
        detail = (error.stderr or error.stdout or '').strip()
        sys.stderr.write('%s %s on %s failed (exit %s): %s\n' % (argv[1], node.service(argv[3]), argv[2], error.returncode, detail))
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
