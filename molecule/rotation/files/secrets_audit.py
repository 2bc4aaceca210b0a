# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Secrets audit: run deploy, health, failover and every password rotation with -vvv against the
lab, then look for every secret ever used

- in all Ansible output (stdout and stderr of each run) and its log file (ANSIBLE_LOG_PATH);
- in every controller file written meanwhile under the working directory (health report), the
  Molecule ephemeral directory, ~/.ansible and /tmp;
- in every file on every node (one file system, /proc, /sys and /dev are not searched), except
  the files that must hold them: Redis's and Sentinel's config and the exporter's password file,
  whose mode (0640 or stricter) and owner are checked instead;
- in every process's command line and environment on every node, sampled four times a second
  during the runs and after.

Each secret is searched as written, JSON-escaped and as Redis writes it in a config file (\\xNN
escapes), so non-ASCII secrets cannot hide behind an encoding. As a control, the search must find
the current secrets in the config files that hold them (a search that finds nothing proves nothing).

Usage: secrets_audit.py INVENTORY CONTAINER...
stdin: one JSON object {"data": current data password, "sentinel": current Sentinel password,
"next_data": ..., "next_sentinel": ..., "earlier": [older secrets], "acl_users": [{name, password,
rules}], "sentinel_user": the ACL user Sentinels log in as, "next_users": {name: new password}}.
The runs: deploy, health, failover, rotate data, rotate sentinel, rotate each ACL user, health.
Prints one JSON object;
exit 1 when a secret was found where it must not be or a run failed."""

from __future__ import absolute_import, division, print_function

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..'))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'support'))
from lab_node import LabNode  # noqa: E402  pylint: disable=wrong-import-position


def secret_files(container):
    """The files allowed to hold a secret on this node: (path, owner), mode 0640 or stricter."""
    engine = LabNode(container).engine
    return (('/etc/%s/%s.conf' % (engine, engine), engine), ('/etc/%s/sentinel.conf' % engine, engine),
            ('/etc/prometheus-redis-exporter/passwords.json', 'prometheus'))


PATTERN_FILE = '/dev/shm/.secrets-audit-patterns'


def encodings(secret):
    """The forms a secret can take in output and files."""
    as_redis = ''.join(
        ('\\' + char) if char in '\\"' else char if 32 <= ord(char) < 127 else
        ''.join('\\x%02x' % byte for byte in char.encode('utf-8'))
        for char in secret)
    return sorted({secret, json.dumps(secret)[1:-1], json.dumps(secret, ensure_ascii=False)[1:-1], as_redis})


def found_in(text, patterns):
    return [p for p in patterns if p in text]


class ProcessSampler(threading.Thread):
    """Every node's processes, four times a second, their command lines and environments checked for
    the secrets. Read from the host's /proc (a container's processes are the host's, in its cgroup):
    a `docker exec ps` per node once a second kept half a core busy and slowed the audited runs."""

    def __init__(self, containers, patterns):
        super(ProcessSampler, self).__init__(daemon=True)
        ids = subprocess.run(['docker', 'inspect', '--format', '{{.Id}}'] + list(containers),
                             capture_output=True, text=True, check=True).stdout.split()
        self.containers = dict(zip(containers, ids))
        self.patterns = patterns
        self.stop_event = threading.Event()
        # samples: one per node per sample in which that node's processes were found (a sampler
        # that finds none counts none, and the audit's assertion fails).
        self.samples, self.findings = 0, []

    def sample(self):
        seen = set()
        for pid in os.listdir('/proc'):
            if not pid.isdigit():
                continue
            try:
                with open('/proc/%s/cgroup' % pid) as handle:
                    cgroup = handle.read()
                container = next((name for name, cid in self.containers.items() if cid in cgroup), None)
                if container is None:
                    continue
                with open('/proc/%s/cmdline' % pid, 'rb') as handle:
                    args = handle.read().replace(b'\0', b' ').decode('utf-8', 'replace')
                with open('/proc/%s/environ' % pid, 'rb') as handle:
                    environ = handle.read().replace(b'\0', b' ').decode('utf-8', 'replace')
            except OSError:  # the process ended meanwhile
                continue
            seen.add(container)
            if found_in(args, self.patterns):
                self.findings.append('%s: process %s' % (container, args.split(' ', 1)[0]))
            if found_in(environ, self.patterns):
                self.findings.append('%s: the environment of process %s' % (container, args.split(' ', 1)[0]))
        self.samples += len(seen)

    def run(self):
        while not self.stop_event.is_set():
            self.sample()
            self.stop_event.wait(0.25)


def run_playbook(name, inventory, extra_vars, workdir, log_path):
    vars_file = os.path.join(workdir, 'vars.json')
    fd = os.open(vars_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, 'w') as handle:
        json.dump(extra_vars, handle)
    # PWD too: health.yml writes its report to $PWD, which must be the searched work directory.
    env = dict(os.environ, ANSIBLE_LOG_PATH=log_path, ANSIBLE_NOCOLOR='1', ANSIBLE_FORCE_COLOR='0', PWD=workdir)
    started = time.time()
    try:
        proc = subprocess.run([os.path.join(os.path.dirname(sys.executable), 'ansible-playbook'), '-vvv',
                               '-i', inventory, os.path.join(ROOT, 'playbooks', name), '-e', '@' + vars_file],
                              capture_output=True, check=False, cwd=workdir, env=env)
    finally:
        os.unlink(vars_file)
    output = (proc.stdout + proc.stderr).decode('utf-8', 'replace')
    # Tasks changed, from the PLAY RECAP (molecule/platform: the deploy after a failover changes nothing).
    changed = sum(int(count) for count in re.findall(r'^\S+\s+: ok=\d+\s+changed=(\d+)', output, re.MULTILINE))
    return dict(playbook=name, rc=proc.returncode, seconds=round(time.time() - started, 1),
                output_bytes=len(output), changed=changed), output


def own_invocation_dirs():
    """Ansible's temporary directories of the task that runs this audit (its AnsiballZ file holds
    the secrets this audit was given on stdin, until the task ends): found in our ancestors'
    command lines, and not searched."""
    dirs, pid = set(), os.getppid()
    while pid > 1:
        try:
            with open('/proc/%d/cmdline' % pid, 'rb') as handle:
                args = handle.read().decode('utf-8', 'replace').split('\0')
            with open('/proc/%d/stat' % pid) as handle:
                pid = int(handle.read().rsplit(')', 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            break
        for arg in args:
            dirs.update(re.findall(r'/[^\s\'"]*/ansible-tmp-[^/\s\'"]+', arg))
    return dirs


def search_controller(since, workdir, patterns, own_dirs):
    roots = [workdir, os.path.expanduser('~/.ansible'), '/tmp', ROOT]
    ephemeral = os.environ.get('MOLECULE_EPHEMERAL_DIRECTORY')
    if ephemeral:
        roots.append(ephemeral)
    skip = {os.path.join(ROOT, d) for d in ('.git', '.venv', '.collections', 'inventories')} | own_dirs
    findings, searched = [], set()
    for root in roots:
        for directory, subdirs, files in os.walk(root):
            subdirs[:] = [d for d in subdirs if os.path.join(directory, d) not in skip]
            for name in files:
                path = os.path.join(directory, name)
                try:
                    if path in searched or os.path.getmtime(path) < since or not os.path.isfile(path):
                        continue
                    searched.add(path)
                    with open(path, 'rb') as handle:
                        text = handle.read(50 * 1024 * 1024).decode('utf-8', 'replace')
                except OSError:
                    continue
                if found_in(text, patterns):
                    findings.append('controller: %s' % path)
    return findings, len(searched)


def search_node(container, patterns, allowed_files):
    """Files on the node holding a secret, and (mode, owner) of the files allowed to."""
    subprocess.run(['docker', 'exec', '-i', container, 'sh', '-c', 'umask 077; cat > ' + PATTERN_FILE],
                   input='\n'.join(patterns).encode('utf-8'), check=True)
    proc = subprocess.run(['docker', 'exec', container, 'sh', '-c',
                           'find / /run -xdev -type f -print0 | xargs -0 -r grep -lF --binary-files=text -f %s; '
                           'rm -f %s' % (PATTERN_FILE, PATTERN_FILE)], capture_output=True, check=False)
    holding = proc.stdout.decode('utf-8', 'replace').split()
    modes = {}
    for path, _owner in allowed_files:
        stat = subprocess.run(['docker', 'exec', container, 'stat', '-c', '%a %U', path],
                              capture_output=True, check=False)
        if stat.returncode == 0:
            mode, owner = stat.stdout.decode().split()
            modes[path] = (int(mode, 8), owner)
    return holding, modes


def lab_vars(state, acl_users, sentinel_user):
    """Extra vars that give the playbooks the cluster's passwords as they are now."""
    users = [dict(user, password=state['users'][user['name']]) for user in acl_users]
    extra = {'redis_node_password': state['data'], 'redisops_lab_data_password': state['data'],
             'sentinel_password': state['sentinel'], 'redisops_lab_sentinel_password': state['sentinel'],
             'redis_node_acl_users': users}
    extra['sentinel_auth_pass'] = state['users'][sentinel_user] if sentinel_user else state['data']
    return extra


def main():
    secrets = json.loads(sys.stdin.read())
    inventory, containers = sys.argv[1], sys.argv[2:]
    acl_users, sentinel_user = secrets.get('acl_users', []), secrets.get('sentinel_user', '')
    # Without rotations (molecule/platform): deploy, health, failover, health only.
    rotations = secrets.get('rotations', True)
    every = ([secrets['data'], secrets['sentinel']] + ([secrets['next_data'], secrets['next_sentinel']] if rotations else [])
             + secrets['earlier']
             + [user['password'] for user in acl_users] + list(secrets.get('next_users', {}).values()))
    patterns = sorted({form for secret in every for form in encodings(secret)})
    # Each run's vars are the passwords as they are when it starts: built as the runs go.
    state = {'data': secrets['data'], 'sentinel': secrets['sentinel'],
             'users': dict((user['name'], user['password']) for user in acl_users)}
    steps = [('deploy.yml', {}, None), ('health.yml', {}, None), ('failover.yml', {}, None)]
    if rotations:
        steps += [('rotate_password.yml', {'rotate': 'data', 'redis_node_password_new': secrets['next_data']},
                   ('data', secrets['next_data'])),
                  ('rotate_password.yml', {'rotate': 'sentinel', 'sentinel_password_new': secrets['next_sentinel']},
                   ('sentinel', secrets['next_sentinel']))]
    for name, password in sorted(secrets.get('next_users', {}).items()):
        steps.append(('rotate_password.yml', {'rotate': 'user', 'rotate_user': name, 'redis_acl_password_new': password},
                      ('users', name, password)))
    steps.append(('health.yml', {}, None))
    since = time.time() - 1
    sampler = ProcessSampler(containers, patterns)
    sampler.start()
    report = dict(runs=[], findings=[])
    workdir = tempfile.mkdtemp(prefix='secrets-audit-')
    log_path = os.path.join(workdir, 'ansible.log')
    for name, extra_vars, change in steps:
        result, output = run_playbook(name, inventory, dict(lab_vars(state, acl_users, sentinel_user), **extra_vars),
                                      workdir, log_path)
        result['rotate'] = extra_vars.get('rotate_user', extra_vars.get('rotate'))
        report['runs'].append(result)
        if change and len(change) == 2:
            state[change[0]] = change[1]
        elif change:
            state['users'][change[1]] = change[2]
        report['findings'].extend('%s output (-vvv)' % name for _p in found_in(output, patterns)[:1])
        if result['rc'] != 0:
            report['failed_output_tail'] = output[-2000:] if not found_in(output[-2000:], patterns) else 'withheld'
            break
    sampler.stop_event.set()
    sampler.join(30)
    sampler.sample()
    report['process_samples'] = sampler.samples
    report['findings'].extend(sorted(set(sampler.findings)))
    own_dirs = own_invocation_dirs()
    findings, searched = search_controller(since, workdir, patterns, own_dirs)
    report['controller_not_searched'] = sorted(own_dirs)
    shutil.rmtree(workdir, ignore_errors=True)
    report['findings'].extend(findings)
    report['controller_files_searched'] = searched
    report['secret_files'], control = {}, set()
    for container in containers:
        files = secret_files(container)
        holding, modes = search_node(container, patterns, files)
        allowed = {path for path, _owner in files}
        report['findings'].extend('%s: %s' % (container, path) for path in holding if path not in allowed)
        control.update(path for path in holding if path in allowed)
        for path, owner in files:
            if path in modes:
                mode, actual = modes[path]
                report['secret_files']['%s:%s' % (container, path)] = '%o %s' % (mode, actual)
                if mode & 0o137 or actual != owner:
                    report['findings'].append('%s: %s is %o %s (expected 0640 or stricter, owner %s)'
                                              % (container, path, mode, actual, owner))
    # The control: the search does find the secrets where they must be.
    report['control_found_in'] = sorted(control)
    if not {path for path, _owner in files[:2]} <= control:
        report['findings'].append('control failed: the secrets were not found in the config files that hold them')
    print(json.dumps(report))
    return 0 if not report['findings'] and all(r['rc'] == 0 for r in report['runs']) else 1


if __name__ == '__main__':
    sys.exit(main())
