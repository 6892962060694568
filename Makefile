# reporter: `make demo` sets everything up and builds the worked example; `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint system-packages fonts generated clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# LibreOffice, CJK fonts and poppler make faithful PDFs and the layout tests possible (Debian/Ubuntu).
SYSTEM_PACKAGES := libreoffice-writer-nogui libreoffice-calc-nogui fonts-noto-cjk fonts-arphic-gbsn00lp fonts-arphic-gkai00mp poppler-utils

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

# A simplified 仿宋 (FandolFang) and the Fandol 楷/黑/宋 for the PDF, taken from Debian's texlive-lang-chinese
# without installing TeX: the .deb is downloaded and only its fonts are copied (GPL with the font exception).
FONTS_DIR ?= $(or $(XDG_DATA_HOME),$(HOME)/.local/share)/fonts/fandol
FANDOL := FandolFang-Regular.otf FandolKai-Regular.otf FandolHei-Regular.otf FandolHei-Bold.otf FandolSong-Regular.otf FandolSong-Bold.otf

fonts:
	@if [ -f "$(FONTS_DIR)/FandolFang-Regular.otf" ]; then exit 0; fi; \
	if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg-deb >/dev/null 2>&1; then \
	  echo "不是 Debian/Ubuntu：请自行把 FandolFang 等字体（CTAN fandol）放入 $(FONTS_DIR)，否则 PDF 正文用宋体字形代替"; exit 0; fi; \
	tmp=$$(mktemp -d) && chmod 755 "$$tmp" && cd "$$tmp" && \
	{ apt-get download -q texlive-lang-chinese >/dev/null 2>&1 || \
	  { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); $$SUDO apt-get update -q >/dev/null && apt-get download -q texlive-lang-chinese >/dev/null; }; } && \
	dpkg-deb -x texlive-lang-chinese_*.deb x && mkdir -p "$(FONTS_DIR)" && \
	for f in $(FANDOL); do cp x/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/$$f "$(FONTS_DIR)/"; done && \
	cp x/usr/share/doc/texlive-doc/fonts/fandol/README "$(FONTS_DIR)/README.fandol" && \
	cp x/usr/share/doc/texlive-doc/fonts/fandol/COPYING.gz "$(FONTS_DIR)/" && \
	echo "已安装仿宋等字体（Fandol）到 $(FONTS_DIR)" || echo "未能安装 Fandol 字体：PDF 正文用宋体字形代替"; \
	rm -rf "$$tmp"; command -v fc-cache >/dev/null 2>&1 && fc-cache -f "$(FONTS_DIR)" >/dev/null 2>&1 || true

demo: $(STAMP) system-packages fonts
	@if command -v soffice >/dev/null 2>&1; then $(BIN)/reporter build 2024 --pdf; else $(BIN)/reporter build 2024; fi
	$(BIN)/reporter pack 2025

test: $(STAMP) system-packages fonts
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
