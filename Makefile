# redisops.ha: every command a developer or CI needs. `make test` is the test command.
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
BIN := $(VENV)/bin
export ANSIBLE_CONFIG := $(CURDIR)/ansible.cfg
export ANSIBLE_COLLECTIONS_PATH := $(CURDIR)/.collections
export PATH := $(CURDIR)/$(BIN):$(PATH)
SANITY_TREE := $(or $(TMPDIR),/tmp)/redisops.ha-sanity/ansible_collections/redisops/ha
PYTEST := $(BIN)/python -m pytest
# The lab: debian13-redis (default), debian13-valkey, debian12-redis or debian12-valkey. Molecule and
# inventories/lab read REDISOPS_LAB. systemd is PID 1 in every lab but debian12-redis, which keeps
# Debian's init scripts (redisops_service_manager auto picks them there) under test.
LAB ?= debian13-redis
LABS := debian13-redis debian13-valkey debian12-redis debian12-valkey
export REDISOPS_LAB := $(LAB)
export REDISOPS_LAB_COMMAND := $(if $(filter debian12-redis,$(LAB)),/usr/bin/tini -- /bin/sleep infinity,/sbin/init)

.PHONY: alert-rules help help-check installed-check scenario setup lab lab-platform lab-images replacement-images lab-health lab-destroy lab-image drill drill-benchmark loopback-lab loopback-lab-destroy molecule test sanity lint yamllint ansible-lint units integration benchmark clean

# Every target's line is its "## " comment: make help prints them, and make test checks
# that every .PHONY target has one.
help: ## this list
	@grep -hE '^[a-z][a-z-]*:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## (.*)/\1\t\2/' \
		| awk -F'\t' '{printf "make %-21s %s\n", $$1, $$2}'
	@echo "LAB=$(LAB) (also: $(filter-out $(LAB),$(LABS)))"

help-check: ## fail when a .PHONY target has no line in make help
	@missing=$$(for t in $$(sed -n 's/^\.PHONY: //p' Makefile); do \
		grep -qE "^$$t:.*## " Makefile || echo $$t; done); \
		[ -z "$$missing" ] || { echo "make help: no '## ' line for: $$missing"; exit 1; }

setup: ## install everything this checkout needs (idempotent)
	@bash tools/setup.sh

# The Docker lab: six containers (molecule/default), deployed with playbooks/deploy.yml.
# One line per phase with its time; Molecule's output in tests/output/lab-$(LAB).log; the health
# table and the next commands at the end (tools/lab.sh).
lab: setup ## build the image if missing, deploy the six-container lab on LAB, show its health as a table
	@bash tools/lab.sh up

lab-health: ## run the lab's checks again and show its health as a table
	@bash tools/lab.sh health

lab-destroy: ## remove the lab's containers
	$(BIN)/molecule destroy

lab-image: ## build LAB's image if missing (cached by tag)
	@bash tools/build_lab_image.sh $(LAB) >/dev/null

# Failover drills on the running lab: one report and graph per failure kind, in drill-reports/.
FAILURES ?= kill stop safe force
DURATION ?= 60
CLIENTS ?= python
drill: setup ## failover drills under client load on the lab (FAILURES=kill stop safe force, DURATION=60, CLIENTS=python,ruby,perl)
	@docker inspect redis-primary >/dev/null 2>&1 || { echo "The lab is not running: make lab LAB=$(LAB)"; exit 1; }
	@set -e; for failure in $(FAILURES); do \
		$(BIN)/ansible-playbook -i inventories/lab playbooks/drill.yml -e drill_failure=$$failure -e drill_duration=$(DURATION) -e drill_clients=$(CLIENTS); \
	done

drill-benchmark: setup ## drills on the lab, 5 runs per kind, medians (docs/benchmarks.md)
	$(BIN)/python benchmarks/drill_lab.py --runs 5

# One Molecule scenario, e.g. make scenario S=failover (make test runs them all).
scenario: lab-image $(if $(filter replacement,$(S)),replacement-images) ## one Molecule scenario on LAB: S=default|failover|faults|rotation|operations|replacement|tls|platform|migration
	$(BIN)/molecule test -s $(S)

# Real processes on 127.0.0.1 instead of containers, for module work.
loopback-lab: setup ## the same cluster as processes on 127.0.0.1 (module work)
	$(BIN)/python tools/loopback_lab.py up

loopback-lab-destroy: ## stop the loopback cluster
	$(BIN)/python tools/loopback_lab.py down

# The Debian 12/13 Redis images are built beside the unit tests (downloads and unpacking, while the
# units compute), before the integration tests, which use the Debian 12 one. The static
# checks (sanity, lint: CPU only, no timing) and the other labs' image builds run
# beside Molecule, off the critical path (they slow it: docs/known-issues.md); their output is printed after
# Molecule's, and either failing fails make test.
test: setup ## setup, then every check: sanity, lint, alert rules, unit, integration and Molecule tests
	@mkdir -p tests/output
	@$(MAKE) --no-print-directory replacement-images > tests/output/images.log 2>&1 & images=$$!; \
		$(MAKE) --no-print-directory help-check alert-rules units; units_rc=$$?; \
		wait $$images || { echo "==> the Debian 12/13 Redis images failed:"; tail -40 tests/output/images.log; exit 1; }; \
		[ $$units_rc = 0 ]
	@$(MAKE) --no-print-directory integration
	@rm -f tests/output/static.rc
	@{ $(MAKE) --no-print-directory sanity lint lab-images > tests/output/static.log 2>&1; echo $$? > tests/output/static.rc; } & \
		$(MAKE) --no-print-directory molecule; molecule_rc=$$?; wait; \
		echo "==> sanity, lint and the lab images (beside Molecule): exit $$(cat tests/output/static.rc)"; \
		tail -40 tests/output/static.log; \
		[ "$$(cat tests/output/static.rc)" = 0 ] && [ $$molecule_rc = 0 ]
	@echo "make test: all checks passed"

# molecule/replacement runs Debian 12 Redis 7.0 and Debian 13 Redis 8.0 containers, whatever LAB is.
replacement-images: ## build molecule/replacement's two images (Debian 12 and 13 Redis)
	@bash tools/build_lab_image.sh debian12-redis >/dev/null
	@bash tools/build_lab_image.sh debian13-redis >/dev/null

# Every lab's image (each built once, cached by tag).
lab-images: ## build every lab's image (each once, cached by tag)
	@for lab in $(LABS); do bash tools/build_lab_image.sh $$lab >/dev/null || exit 1; done

# ansible-test needs the collection at .../ansible_collections/redisops/ha: test a copy of
# exactly what git would ship (tracked plus new, unignored files).
sanity: ## ansible-test sanity on a copy of what git would ship, under every ansible-core of the matrix
	@rm -rf $(SANITY_TREE) && mkdir -p $(SANITY_TREE)
	@git ls-files -co --exclude-standard -z | xargs -0 -I{} find {} -maxdepth 0 -type f -print0 \
		| tar --null -T - -cf - | tar -xf - -C $(SANITY_TREE)
	@for bin in $(CURDIR)/$(BIN) $(foreach v,$(CORE_VERSIONS),$(CURDIR)/.venvs/ansible-core-$(v)/bin); do \
		read -r core python <<< "$$($$bin/python -c 'import sys; from ansible.release import __version__ as v; print(v, "%d.%d" % sys.version_info[:2])')"; \
		echo "==> sanity, ansible-core $$core on Python $$python"; \
		(cd $(SANITY_TREE) && $$bin/ansible-test sanity --venv --python $$python --python-interpreter $$bin/python --color no) || exit 1; done

# The tarball as users install it (make test runs it against the lab too, in molecule/operations).
installed-check: ## build the tarball, install it alone, document every module and role, parse every playbook
	@bash tools/installed_check.sh

lint: yamllint ansible-lint ## yamllint and ansible-lint

# The Prometheus alert rules: valid, and each alert fires on its failure and not on a healthy cluster.
alert-rules: ## check the Prometheus alert rules and run their promtool unit tests
	$(BIN)/promtool check rules monitoring/prometheus/redisops-ha.rules.yml
	cd monitoring/prometheus && $(CURDIR)/$(BIN)/promtool test rules redisops-ha.rules.test.yml

yamllint: ## yamllint --strict
	$(BIN)/yamllint --strict .

ansible-lint: ## ansible-lint, production profile, strict
	$(BIN)/ansible-lint --profile production --strict

# The ansible-core matrix: .venv holds 2.19 (requirements/controller.txt); make setup makes a venv
# for each other release (tools/setup.sh pins them). CORE=2.16 runs a lab target under one of them.
CORE_VERSIONS := 2.16 2.18 2.20
CORE ?=
CORE_BIN = $(if $(CORE),$(CURDIR)/.venvs/ansible-core-$(CORE)/bin,$(CURDIR)/$(BIN))

units: ## the unit tests (pure logic) under every ansible-core of the matrix
	@set -o pipefail; for bin in $(BIN) $(foreach v,$(CORE_VERSIONS),.venvs/ansible-core-$(v)/bin); do \
		printf '==> units, ansible-core %s: ' "$$($$bin/python -c 'from ansible.release import __version__ as v; print(v)')"; \
		$$bin/python -m pytest -q -p no:cacheprovider tests/unit | tail -1 || exit 1; done

# The same suite against real servers of each engine (tests/support/loopback_cluster.py), two at a
# time (each cluster takes free ports and its own directory): on Redis under the controller's
# ansible-core 2.19 beside Valkey under 2.20. 2.16 and 2.18 run Molecule scenarios instead (below),
# which run the modules and playbooks on real hosts. The second suite's output is in
# tests/output/integration-lane2.log.
integration: ## the integration tests against real Redis (ansible-core 2.19) and Valkey (2.20) servers
	@mkdir -p tests/output
	@bash tools/integration_matrix.sh "redis $(BIN)" -- "valkey .venvs/ansible-core-2.20/bin"

# Every scenario on the default lab (LAB; operations runs default's, failover's, faults' and rotation's
# checks on one lab), then molecule/platform on each other lab: deploy, the default checks,
# failovers under every client library, the secrets audit and its deploy after them with
# changed=0; on debian12-redis molecule/migration, which runs those and then moves the lab to
# Valkey in place. Every ansible-core of the matrix runs a whole scenario: 2.16 platform on
# debian12-valkey (the lowest), 2.18 tls, 2.20 platform on debian13-valkey (the highest), the rest
# .venv's 2.19. CI shows only the end of the output: on failure, repeat each failed task's message last.
SCENARIOS := operations replacement
SCENARIO_CORE_tls := 2.18
molecule: lab-image replacement-images ## make test's Molecule scenarios, one after another
	@mkdir -p tests/output
	@set -o pipefail; { \
		for scenario in $(SCENARIOS); do $(BIN)/molecule test -s $$scenario || exit 1; done; \
		$(MAKE) --no-print-directory lab-platform PLATFORM_SCENARIO=tls CORE=$(SCENARIO_CORE_tls) || exit 1; \
		for lab in $(filter-out $(LAB),$(LABS)); do \
			$(MAKE) --no-print-directory lab-platform LAB=$$lab PLATFORM_SCENARIO=$$([ $$lab = debian12-redis ] && echo migration || echo platform) \
				CORE=$$(case $$lab in debian12-valkey) echo $(firstword $(CORE_VERSIONS));; debian13-valkey) echo $(lastword $(CORE_VERSIONS));; esac) || exit 1; done; \
	} 2>&1 | tee tests/output/molecule.log || { \
		echo "==> molecule failed; the failed tasks:"; \
		sed 's/\x1b\[[0-9;]*m//g' tests/output/molecule.log | grep -a -A16 -E '(fatal|failed): \[|\[ERROR\]|ERROR!' \
			| cut -c1-400 | tail -100; \
		exit 1; }

# molecule/platform on one lab: make lab-platform LAB=debian12-valkey. make test runs molecule/migration
# on debian12-redis instead (platform's checks on Redis 7.0 first, then the move to Valkey 8.0 in
# place), and molecule/tls on the default lab under ansible-core 2.18 through this target too.
PLATFORM_SCENARIO ?= platform
lab-platform: lab-image ## molecule/platform on LAB (PLATFORM_SCENARIO=migration or tls for those; CORE=2.16 for another ansible-core)
	@echo "==> molecule/$(PLATFORM_SCENARIO) on $(LAB), ansible-core $$($(CORE_BIN)/python -c 'from ansible.release import __version__ as v; print(v)')"
	PATH=$(CORE_BIN):$$PATH $(BIN)/molecule test -s $(PLATFORM_SCENARIO)

benchmark: setup ## safe vs force failover under a writer, on a loopback cluster
	$(BIN)/python benchmarks/failover_under_load.py --runs 6

clean: ## remove generated output (keeps .venv)
	rm -rf tests/output .pytest_cache
