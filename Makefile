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

.PHONY: help setup lab lab-health lab-destroy test sanity lint yamllint ansible-lint units integration benchmark clean

help:
	@echo "make setup        install everything this checkout needs (idempotent)"
	@echo "make lab          start the loopback lab cluster (if needed) and show its health"
	@echo "make lab-destroy  stop the lab and remove its files"
	@echo "make test         setup, then every check: sanity, lint, unit and integration tests"
	@echo "make benchmark    safe vs force failover under a writer, on a loopback cluster"
	@echo "make clean        remove generated output (keeps .venv)"

setup:
	@bash tools/setup.sh

lab: setup
	$(BIN)/python tools/loopback_lab.py up

lab-health:
	$(BIN)/python tools/loopback_lab.py health

lab-destroy:
	$(BIN)/python tools/loopback_lab.py down

test: setup
	@$(MAKE) --no-print-directory sanity lint units integration
	@echo "make test: all checks passed"

# ansible-test needs the collection at .../ansible_collections/redisops/ha: test a copy of
# exactly what git would ship (tracked plus new, unignored files).
sanity:
	@rm -rf $(SANITY_TREE) && mkdir -p $(SANITY_TREE)
	@git ls-files -co --exclude-standard -z | xargs -0 -I{} find {} -maxdepth 0 -type f -print0 \
		| tar --null -T - -cf - | tar -xf - -C $(SANITY_TREE)
	cd $(SANITY_TREE) && $(CURDIR)/$(BIN)/ansible-test sanity --venv --python 3.11 --color no

lint: yamllint ansible-lint

yamllint:
	$(BIN)/yamllint --strict .

ansible-lint:
	$(BIN)/ansible-lint --profile production --strict

units:
	$(PYTEST) -q tests/unit

integration:
	$(PYTEST) -q tests/integration

benchmark: setup
	$(BIN)/python benchmarks/failover_under_load.py --runs 6

clean:
	rm -rf tests/output .pytest_cache
