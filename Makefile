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

# LibreOffice, CJK fonts and poppler make faithful PDFs and the layout tests possible (Debian/Ubuntu).
SYSTEM_PACKAGES := libreoffice-writer-nogui fonts-noto-cjk fonts-arphic-gbsn00lp fonts-arphic-gkai00mp poppler-utils

system-packages:
	@if ! command -v dpkg >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then \
	  echo "不是 Debian/Ubuntu：请自行安装 LibreOffice 和中文字体（见 README），否则 PDF 与版面测试将被跳过"; exit 0; fi; \
	missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  echo "安装系统软件包：$$missing"; \
	  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q $$missing \
	    || echo "未能安装 $$missing：PDF 与版面测试将被跳过"; \
	fi

demo: $(STAMP) system-packages
	@if command -v soffice >/dev/null 2>&1; then $(BIN)/reporter build 2024 --pdf; else $(BIN)/reporter build 2024; fi

test: $(STAMP) system-packages
	$(BIN)/python -m pytest

# Regenerate what the repository keeps generated: JSON Schemas and the default templates (tests compare them).
generated: $(STAMP)
	$(BIN)/reporter schema
	rm -f templates/.generated.json templates/report.docx templates/plan.docx
	$(BIN)/python -c "from pathlib import Path; from reporter.data.housestyle import HouseStyle; from reporter.document.template.default_templates import ensure_templates; ensure_templates(Path('.'), HouseStyle())"

# ruff with the complexity rule (12) and mypy --strict with the pydantic plugin, tests included (pyproject.toml).
lint: $(STAMP)
	$(BIN)/ruff check reporter tests benchmarks
	$(BIN)/ruff format --check reporter tests benchmarks
	$(BIN)/mypy

clean:
	rm -rf $(VENV) drafts/*/
