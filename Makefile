# Each target creates .venv with the pinned dependencies when it is missing or stale.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: site test serve publish demo bench golden clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

site: $(STAMP)
	$(PY) build.py build

test: $(STAMP)
	$(PY) -m pytest

serve: $(STAMP)
	$(PY) build.py serve

publish: $(STAMP)
	$(PY) build.py publish

demo: $(STAMP)
	$(PY) -m experiments run experiments/configs/demo_cpu.yaml
	$(PY) build.py build

golden: $(STAMP)
	SITEGEN_UPDATE_GOLDEN=1 $(PY) -m pytest -q tests/sitegen/test_build.py -k golden

bench: $(STAMP)
	$(PY) bench/site_bench.py

clean:
	rm -rf _site .sitegen-cache
