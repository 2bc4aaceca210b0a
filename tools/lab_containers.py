# -*- coding: utf-8 -*-
"""Create or remove a Molecule scenario's containers and networks with the docker CLI.

Molecule's docker driver does the same through Ansible and waits for each container with
async_status and a 5 s retry delay: 20 s to remove six containers that do not exist, 33 s to start
them. This reads the scenario's platforms (the `molecule_yml.platforms` list, as JSON on stdin;
molecule/shared/create.yml and destroy.yml pass it) and supports the keys the lab's platforms use;
any other key is refused, so a new one is not silently dropped.

    python3 tools/lab_containers.py create|destroy < platforms.json
"""

import json
import shlex
import subprocess
import sys

LABEL = 'owner=molecule'
# What each platform may say, and the `docker run` options it becomes (the rest: molecule's own keys).
SUPPORTED = {'name', 'image', 'pre_build_image', 'pull', 'command', 'cgroupns_mode', 'volumes', 'tmpfs',
             'security_opts', 'capabilities', 'networks', 'docker_networks', 'groups', 'hostname'}


def docker(*args, check=True):
    """Run the docker CLI; on failure, say which command failed and what it printed."""
    result = subprocess.run(('docker',) + args, capture_output=True, text=True, check=False)
    if check and result.returncode != 0:
        output = (result.stderr or result.stdout).strip()
        raise SystemExit('docker %s failed (exit %d): %s' % (' '.join(args[:3]), result.returncode, output))
    return result


def run_arguments(platform):
    """`docker run` arguments that start one platform's container, detached."""
    unknown = sorted(set(platform) - SUPPORTED)
    if unknown:
        raise SystemExit('%s: tools/lab_containers.py does not support %s; add it there or use '
                         "molecule's own create playbook" % (platform['name'], ', '.join(unknown)))
    args = ['run', '--detach', '--name', platform['name'], '--hostname', platform.get('hostname', platform['name']),
            '--label', LABEL, '--log-driver', 'json-file']
    if platform.get('cgroupns_mode'):
        args += ['--cgroupns', platform['cgroupns_mode']]
    for option, key in (('--volume', 'volumes'), ('--tmpfs', 'tmpfs'), ('--security-opt', 'security_opts'),
                        ('--cap-add', 'capabilities')):
        for value in platform.get(key, []):
            args += [option, value]
    networks = [network['name'] for network in platform.get('networks', [])]
    if networks:
        args += ['--network', networks[0]]
    args.append(platform['image'])
    args += shlex.split(platform.get('command', ''))
    return args, networks[1:]


def create(platforms):
    for network in unique_networks(platforms):
        if docker('network', 'inspect', network['name'], check=False).returncode != 0:
            subnets = [option for config in network.get('ipam_config', []) for option in ('--subnet', config['subnet'])]
            docker('network', 'create', '--label', LABEL, *subnets, network['name'])

    def start(platform):
        args, more_networks = run_arguments(platform)
        if docker('container', 'inspect', platform['name'], check=False).returncode == 0:
            docker('start', platform['name'])  # kept from an earlier create, as molecule's create keeps it
            return
        docker(*args)
        for network in more_networks:
            docker('network', 'connect', network, platform['name'])

    # One after another, so that each container gets the same address on every run (the first the
    # subnet's .2), as with molecule's playbook.
    for platform in platforms:
        start(platform)


def destroy(platforms):
    names = [platform['name'] for platform in platforms]
    if names:
        docker('rm', '--force', *names, check=False)
    for network in unique_networks(platforms):
        labels = docker('network', 'inspect', '--format', '{{json .Labels}}', network['name'], check=False)
        if labels.returncode == 0 and (json.loads(labels.stdout or 'null') or {}).get('owner') == 'molecule':
            docker('network', 'rm', network['name'])


def unique_networks(platforms):
    seen = {}
    for platform in platforms:
        for network in platform.get('docker_networks', []):
            seen.setdefault(network['name'], network)
    return list(seen.values())


def main():
    if len(sys.argv) != 2 or sys.argv[1] not in ('create', 'destroy'):
        raise SystemExit(__doc__)
    platforms = json.load(sys.stdin)
    (create if sys.argv[1] == 'create' else destroy)(platforms)
    print('%s: %s' % (sys.argv[1], ', '.join(platform['name'] for platform in platforms)))


if __name__ == '__main__':
    main()
