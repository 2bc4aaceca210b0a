# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Bad input to the playbooks is refused in their preflight, before anything is changed, with a
message that says what to fix and no secret. The inventories point every host at the local
machine (connection local): the preflights fail before any host is touched."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import subprocess

import yaml

from module_runner import ROOT, VENV_PYTHON

NEW_SECRET = 'rotated secret with spaces'


def hosts(prefix, count):
    return {'%s%d' % (prefix, i): None for i in range(count)}


def inventory(tmp_path, primaries=1, replicas=2, sentinels=3, **extra_vars):
    variables = dict(ansible_connection='local', ansible_python_interpreter=VENV_PYTHON,
                     redis_node_password='current-data-pass', sentinel_password='current-sentinel-pass',
                     redisops_address='127.0.0.1')
    variables.update(extra_vars)
    data = {'all': {'vars': variables},
            'redis_primary': {'hosts': hosts('primary', primaries)},
            'redis_replicas': {'hosts': hosts('replica', replicas)},
            'redis_sentinels': {'hosts': hosts('sentinel', sentinels)}}
    path = tmp_path / 'hosts.yml'
    path.write_text(yaml.safe_dump(data))
    return str(path)


def playbook(name, inventory_path, *extra):
    env = dict(os.environ, ANSIBLE_CONFIG=os.path.join(ROOT, 'ansible.cfg'),
               ANSIBLE_COLLECTIONS_PATH=os.path.join(ROOT, '.collections'),
               PATH=os.path.dirname(VENV_PYTHON) + os.pathsep + os.environ['PATH'])
    proc = subprocess.run([os.path.join(os.path.dirname(VENV_PYTHON), 'ansible-playbook'), '-i', inventory_path,
                           os.path.join(ROOT, 'playbooks', name)] + list(extra),
                          capture_output=True, text=True, env=env, check=False, timeout=300)
    return proc.returncode, proc.stdout + proc.stderr


def test_deploy_refuses_two_primaries(tmp_path):
    rc, output = playbook('deploy.yml', inventory(tmp_path, primaries=2))
    assert rc != 0
    assert 'exactly one host in redis_primary (has 2)' in output
    assert 'changed=0' in output and 'changed=1' not in output


def test_deploy_refuses_an_even_number_of_sentinels(tmp_path):
    rc, output = playbook('deploy.yml', inventory(tmp_path, sentinels=2))
    assert rc != 0
    assert 'at least three Sentinels, an odd number' in output and '(has 2)' in output


def test_deploy_refuses_an_impossible_quorum(tmp_path):
    rc, output = playbook('deploy.yml', inventory(tmp_path, sentinel_quorum=5))
    assert rc != 0 and 'sentinel_quorum=5' in output


def test_drill_outside_the_lab_needs_confirmation(tmp_path):
    rc, output = playbook('drill.yml', inventory(tmp_path), '-e', 'drill_failure=kill')
    assert rc != 0
    assert 'This is not the Docker lab' in output and 'drill_confirm=mymaster' in output


def test_drill_refuses_an_unknown_failure(tmp_path):
    rc, output = playbook('drill.yml', inventory(tmp_path), '-e', 'drill_failure=reboot', '-e', 'drill_confirm=mymaster')
    assert rc != 0 and 'drill_failure must be kill, stop (Docker lab only), safe, force or none (got reboot)' in output


def test_rotation_refuses_a_password_with_spaces_and_prints_no_secret(tmp_path):
    rc, output = playbook('rotate_password.yml', inventory(tmp_path, redis_node_password_new=NEW_SECRET),
                          '-e', 'rotate=data', '-vvv')
    assert rc != 0
    assert 'no white space or quotes either' in output and 'Sentinel 7.0 saves auth-pass' in output
    for secret in (NEW_SECRET, 'current-data-pass', 'current-sentinel-pass'):
        assert secret not in output


def test_rotation_accepts_spaces_where_sentinel_does_not_save_the_password(tmp_path):
    # Sentinels log in as their own ACL user: the data password never reaches sentinel.conf.
    users = [{'name': 'sentinel', 'password': 'sentinel-user-pass', 'rules': '+ping'}]
    path = inventory(tmp_path, redis_node_password_new=NEW_SECRET, redis_node_acl_users=users,
                     sentinel_auth_user='sentinel')
    rc, output = playbook('rotate_password.yml', path, '-e', 'rotate=data', '-vvv')
    # Past the preflight's check of the secret: it fails next, on the Sentinels this test has not.
    assert 'no white space or quotes either' not in output
    assert 'Find the Sentinel password that works now' in output and rc != 0
    for secret in (NEW_SECRET, 'current-data-pass', 'current-sentinel-pass', 'sentinel-user-pass'):
        assert secret not in output


def test_rotation_needs_to_know_what_to_rotate(tmp_path):
    rc, output = playbook('rotate_password.yml', inventory(tmp_path, redis_node_password_new='a-new-long-secret'), '-vvv')
    assert rc != 0 and 'Give -e rotate=data' in output
    assert 'a-new-long-secret' not in output and 'current-data-pass' not in output


def test_rotation_of_an_unknown_acl_user_is_refused_without_a_secret(tmp_path):
    users = [{'name': 'app', 'password': 'app-user-current-pass', 'rules': '~* +@all -@dangerous'}]
    path = inventory(tmp_path, redis_node_acl_users=users, redis_acl_password_new='a-new-long-user-secret')
    rc, output = playbook('rotate_password.yml', path, '-vvv', '-e', 'rotate=user', '-e', 'rotate_user=nosuch')
    assert rc != 0 and 'rotate_user=NAME with NAME one of redis_node_acl_users' in output
    for secret in ('a-new-long-user-secret', 'app-user-current-pass', 'current-data-pass'):
        assert secret not in output


def test_exporter_refuses_a_user_the_nodes_do_not_have(tmp_path):
    # Data nodes only: every host fails the check, so nothing can reach this machine's packages
    # even if the playbook stopped stopping every host at the first bad one.
    rc, output = playbook('exporter.yml', inventory(tmp_path, sentinels=0, redis_exporter_redis_user='nosuch'))
    assert rc != 0
    assert 'redis_exporter_redis_user is nosuch, which is not in redis_node_acl_users' in output
    assert 'changed=0' in output and 'changed=1' not in output


def test_exporter_over_tls_needs_the_ca(tmp_path):
    rc, output = playbook('exporter.yml', inventory(tmp_path, redis_node_tls_enabled=True))
    assert rc != 0
    assert 'the exporter talks TLS, so it needs redis_exporter_tls_ca_cert' in output
    assert 'changed=0' in output and 'changed=1' not in output


def installed(package):
    return subprocess.run(['dpkg-query', '-W', '-f=${Status}', package], capture_output=True, text=True,
                          check=False).stdout == 'install ok installed'


def test_deploy_refuses_an_unknown_engine(tmp_path):
    rc, output = playbook('deploy.yml', inventory(tmp_path, redisops_engine='keydb'))
    assert rc != 0
    assert 'redisops_engine is "keydb" (must be redis or valkey)' in output.replace('\\"', '"') and 'Nothing was changed' in output
    assert 'changed=1' not in output


def test_deploy_refuses_two_engines_in_one_cluster(tmp_path):
    path = inventory(tmp_path)
    data = yaml.safe_load(open(path))
    data['redis_sentinels']['hosts']['sentinel0'] = {'redisops_engine': 'valkey'}
    with open(path, 'w') as handle:
        handle.write(yaml.safe_dump(data))
    rc, output = playbook('deploy.yml', path)
    assert rc != 0
    assert 'The inventory asks for more than one engine (redis, valkey in redisops_engine)' in output
    assert 'changed=1' not in output


def test_deploy_refuses_a_host_with_the_other_engine_installed(tmp_path):
    # This machine has both engines' servers installed (make setup): either choice finds the other.
    assert installed('redis-server') and installed('valkey-server')
    for engine, other in (('redis', 'valkey-server'), ('valkey', 'redis-server')):
        # One host is enough: every host is this machine (the package facts of six cost 20 s).
        rc, output = playbook('deploy.yml', inventory(tmp_path, redisops_engine=engine), '--limit', 'primary0')
        assert rc != 0
        assert 'has %s installed, but redisops_engine is %s: a cluster runs one engine' % (other, engine) in output
        assert 'changed=1' not in output


def test_valkey_on_debian12_without_backports_says_how_to_add_it(tmp_path):
    # A Debian 12 container (the debian12-redis lab image) with Redis removed and no backports
    # source: every inventory host is that container.
    image = subprocess.run(['bash', os.path.join(ROOT, 'tools', 'build_lab_image.sh'), 'debian12-redis'],
                           capture_output=True, text=True, check=True).stdout.strip()
    name = 'redisops-input-%d' % os.getpid()
    subprocess.run(['docker', 'run', '-d', '--name', name, image, '/usr/bin/tini', '--', '/bin/sleep', 'infinity'],
                   capture_output=True, check=True)
    try:
        subprocess.run(['docker', 'exec', name, 'dpkg', '--purge', 'redis-server', 'redis-sentinel', 'redis-tools'],
                       capture_output=True, check=True)
        path = inventory(tmp_path, redisops_engine='valkey', ansible_connection='community.docker.docker',
                         ansible_host=name, ansible_python_interpreter='/usr/bin/python3')
        rc, output = playbook('deploy.yml', path)
    finally:
        subprocess.run(['docker', 'rm', '-f', name], capture_output=True, check=False)
    assert rc != 0
    assert 'Valkey on Debian 12 comes from bookworm-backports, which this host\'s apt sources do not list' in output
    assert 'or set redisops_enable_backports: true' in output
    assert 'changed=1' not in output
