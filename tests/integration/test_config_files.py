# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""config_files on real files through ansible-playbook: check mode changes nothing and names
what it would change; a run writes the directories and files with their modes; a second run
changes nothing; a changed mode or content is put back; no content appears in the output."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import stat

from module_runner import run_module

SECRET = 'exporter-secret-4711'


def _args(tmp_path, secret=SECRET):
    directory = str(tmp_path / 'etc' / 'exporter')
    return directory, {
        'directories': [{'path': directory, 'mode': '0750'}],
        'files': [{'path': directory + '/passwords.json', 'content': '{"redis://10.0.0.1:6379": "%s"}\n' % secret,
                   'mode': '0600'},
                  {'path': directory + '/arguments', 'content': 'ARGS="-redis.addr redis://10.0.0.1:6379"\n',
                   'mode': '0644'}]}


def _mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_check_mode_names_what_it_would_write_and_writes_nothing(tmp_path):
    directory, args = _args(tmp_path)
    run = run_module('config_files', args, check_mode=True, verbosity=3)
    assert not run.failed, run.msg
    assert run.changed
    assert run['changed_paths'] == [directory, directory + '/passwords.json', directory + '/arguments']
    assert not os.path.exists(directory)
    assert SECRET not in run.output


def test_writes_once_then_changes_nothing_and_puts_back_what_drifted(tmp_path):
    directory, args = _args(tmp_path)
    run = run_module('config_files', args, verbosity=3)
    assert not run.failed, run.msg
    assert run.changed and len(run['changed_paths']) == 3
    assert SECRET not in run.output
    with open(directory + '/passwords.json', encoding='utf-8') as handle:
        assert SECRET in handle.read()
    assert (_mode(directory), _mode(directory + '/passwords.json'), _mode(directory + '/arguments')) == (0o750, 0o600, 0o644)
    assert [name for name in os.listdir(directory) if name.startswith('.')] == []

    again = run_module('config_files', args)
    assert not again.failed and not again.changed and again['changed_paths'] == []

    os.chmod(directory + '/passwords.json', 0o644)
    _directory, rotated = _args(tmp_path, secret='rotated')
    drifted = run_module('config_files', rotated)
    assert drifted.changed and drifted['changed_paths'] == [directory + '/passwords.json']
    assert _mode(directory + '/passwords.json') == 0o600
    with open(directory + '/passwords.json', encoding='utf-8') as handle:
        assert 'rotated' in handle.read()


def test_a_missing_directory_is_named(tmp_path):
    run = run_module('config_files', {'files': [{'path': str(tmp_path / 'nowhere' / 'file'), 'content': 'some content'}]})
    assert run.failed
    assert 'the directory of %s does not exist' % (tmp_path / 'nowhere' / 'file') in run.msg
