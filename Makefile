# ipabs: `make run` sets up and starts on the built-in default; `make test` runs the test suite.
PY      := .venv/bin/python
STAMP   := .venv/.installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

.PHONY: setup run test test-fast bench bench-load eval mutate clean

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv .venv
	.venv/bin/pip install -q --upgrade pip
	# CPU torch first, from the machine's disk: an unpinned torch would pull a multi-GB CUDA build.
	.venv/bin/pip install -q torch==2.13.0
	.venv/bin/pip install -q -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

run: setup
	.venv/bin/ipabs starter
	.venv/bin/ipabs ask "发明专利权的期限是多久？"
	.venv/bin/ipabs ask "What is the term of an invention patent?"
	.venv/bin/ipabs check rules/samples/license-fee-guangzhou-kaide.yaml --format md | head -40
	.venv/bin/ipabs serve

test: setup
	$(PY) -m pytest -q

test-fast: setup
	$(PY) -m pytest -q -m "not slow and not e2e and not corpus"

bench: setup
	$(PY) bench/run_all.py

bench-load: setup
	$(PY) bench/bench_load.py

eval: setup
	$(PY) bench/eval_retrieval.py
	$(PY) bench/eval_answers.py
	$(PY) bench/eval_intake.py
	$(PY) bench/eval_intake.py --dir bench/intake_heldout
	$(PY) bench/eval_quotes.py
	$(PY) bench/eval_quotes.py --file bench/data/quote_cases_tuning2.jsonl
	$(PY) bench/eval_questions.py
	$(PY) bench/eval_questions.py --file bench/data/questions_heldout.jsonl
	$(PY) bench/eval_generate.py --start-llm

# Mutation check of the rule packs against the law cases in tests/rules/law (about 6 minutes).
mutate: setup
	PYTHONPATH=. $(PY) bench/mutate_rules.py

clean:
	rm -rf data .pytest_cache
