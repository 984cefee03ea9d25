# Two commands do all set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
STORE  ?= kglite:///data/policygraph.kgl

.PHONY: demo test install browser clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Headless Chromium and CJK fonts for the browser tests (Debian packages; skipped, loudly, where apt is unavailable).
browser:
	@command -v chromium >/dev/null 2>&1 && fc-list :lang=zh 2>/dev/null | grep -q . || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	  else echo "note: chromium/fonts-noto-cjk not installed and no root apt-get: browser tests will be skipped"; fi; }

demo: $(STAMP)
	$(BIN)/policygraph extract samples/*.txt --out out/extract
	$(BIN)/policygraph load samples/ --store $(STORE)
	$(BIN)/policygraph owners 县域内就诊率 --region 辽宁 --year 2019 --store $(STORE)
	$(BIN)/policygraph lineage 阜新市“十四五”卫生与健康发展规划 --store $(STORE)
	$(BIN)/policygraph viz owners 县域内就诊率 -o out/viz/owners.html --store $(STORE)
	@echo "Next: $(BIN)/policygraph serve --store $(STORE)   then open http://127.0.0.1:8000/"

test: $(STAMP) browser
	$(BIN)/python -m pytest -q -n 2 tests

clean:
	rm -rf $(VENV) out data
