# reporter: `make demo` sets everything up and builds the worked example; `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint system-packages generated clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# LibreOffice and CJK fonts make faithful PDFs and the layout test possible (Debian/Ubuntu, as root or with sudo).
system-packages:
	@if ! command -v soffice >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi 'Noto Sans CJK\|AR PL'; then \
	  if command -v apt-get >/dev/null 2>&1; then \
	    SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	    $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q \
	      libreoffice-writer-nogui fonts-noto-cjk fonts-arphic-gbsn00lp fonts-arphic-gkai00mp poppler-utils \
	      || echo "未能安装 LibreOffice/字体：PDF 与版面测试将被跳过"; \
	  else echo "没有 apt-get：请自行安装 LibreOffice 和中文字体（见 README）"; fi; \
	fi

demo: $(STAMP) system-packages
	$(BIN)/reporter build 2024 --pdf

test: $(STAMP) system-packages
	$(BIN)/python -m pytest

# Regenerate what the repository keeps generated: JSON Schemas and the default templates (tests compare them).
generated: $(STAMP)
	$(BIN)/reporter schema
	rm -f templates/.generated.json templates/report.docx templates/plan.docx
	$(BIN)/python -c "from pathlib import Path; from reporter.docstyle import HouseStyle; from reporter.templategen import ensure_templates; ensure_templates(Path('.'), HouseStyle())"

lint: $(STAMP)
	$(BIN)/ruff check reporter tests benchmarks
	$(BIN)/mypy reporter

clean:
	rm -rf $(VENV) drafts/*/
