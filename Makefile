# Neural Networks from Scratch: build and test the course.
#   make book       build the HTML site from the notebooks' stored outputs
#   make test       lint, unit tests, nbval over every chapter (twice: the second time
#                   with other numerical kernels), strict HTML build, internal-link
#                   check and browser test of the built site
#   make notebooks  re-execute every chapter in place (refreshes stored outputs)
#   make figures    redraw the figures in images/ from images/make_figures.py
#   make lab        JupyterLab on the course's environment and kernel (installs it, pinned)
#   make data       regenerate the data files in data/ from the package's generators
#   make clean      remove build products (keeps .venv)
#   make pdf        the whole course as one PDF: _build/pdf/nn-from-scratch.pdf
#   make student    student edition without solutions: _build/student/{html,notebooks}
#   make linkcheck  every internal link and anchor of _build/html resolves
#   make browser    every page of _build/html in headless Chromium, offline
#   make mutation   plant small bugs in the numeric core, one at a time: how many the tests catch
#   make set-repo URL=https://github.com/you/fork   point the course at your fork

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# The kernel nbval and nbclient start must be this venv's Python, never a
# stray user kernelspec: point Jupyter's user data dir into the venv.
export JUPYTER_DATA_DIR := $(CURDIR)/$(VENV)/share/jupyter
export JUPYTER_PLATFORM_DIRS := 1
export PYTHONHASHSEED := 0
export PIP_DISABLE_PIP_VERSION_CHECK := 1

CHAPTERS     := $(sort $(wildcard chapters/[0-9][0-9]_*.ipynb))
# Modules whose write_csv_files() regenerates a file in data/.
DATA_MODULES := flowers spiral planets
NBVAL        := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

.PHONY: book test lint unit nbval nbval-portable html notebooks figures data clean freeze install
.PHONY: pdf tex student linkcheck browser set-repo

install: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (nnscratch)" >/dev/null
	@touch $(STAMP)

book: $(STAMP)
	$(BIN)/jupyter-book build . --keep-going
	@echo "Open: file://$(CURDIR)/_build/html/index.html"

test: lint unit nbval nbval-portable html linkcheck browser

lint: $(STAMP)
	$(BIN)/ruff check .

unit: $(STAMP)
	$(BIN)/python -m pytest tests -q --ignore=tests/site

nbval: $(STAMP)
	$(BIN)/python -m pytest $(NBVAL) chapters -q -n 2 --dist loadfile

# The stored outputs must hold on any CPU. A second nbval run with other numerical
# kernels: one BLAS/OpenMP thread (sums split differently) and PyTorch's portable
# kernels instead of its AVX ones (exp and reductions round differently).
nbval-portable: $(STAMP)
	OMP_NUM_THREADS=1 ATEN_CPU_CAPABILITY=default \
	    $(BIN)/python -m pytest $(NBVAL) chapters -q -n 2 --dist loadfile

# --all: a fresh Sphinx environment, so every page is re-read and a warning in a page
# that did not change since the last build still fails -W.
html: $(STAMP)
	$(BIN)/jupyter-book build . -W -n --keep-going --all

notebooks: $(STAMP)
	$(BIN)/python tools/run_notebooks.py $(CHAPTERS)

figures: $(STAMP)
	$(BIN)/python images/make_figures.py

data: $(STAMP)
	@for m in $(DATA_MODULES); do $(BIN)/python -c "import nnscratch.datasets.$$m as m; m.write_csv_files()" || exit 1; done

# make lab: JupyterLab on the course's .venv, where `make install` registered the course
# kernel ("Python 3 (nnscratch)", found through JUPYTER_DATA_DIR above). JupyterLab is not
# needed by `make test`, so it is installed here on first use, pinned, with every course
# pin of requirements.txt kept as it is (a constraint; pip refuses the `-e .` line there).
# The server's root is the repository, so the chapters' ../images/ figures show; LAB_ARGS
# passes options (e.g. LAB_ARGS=--no-browser).
JUPYTERLAB_VERSION := 4.6.4
.PHONY: lab
lab: $(STAMP)
	@$(BIN)/python -c "import sys, importlib.metadata as m; sys.exit(m.version('jupyterlab') != '$(JUPYTERLAB_VERSION)')" \
	  2>/dev/null || { grep -v '^-e' requirements.txt > $(VENV)/lab-constraints.txt && \
	  $(BIN)/python -m pip install --quiet -c $(VENV)/lab-constraints.txt "jupyterlab==$(JUPYTERLAB_VERSION)"; }
	@echo "Open chapters/ in JupyterLab; the kernel is 'Python 3 (nnscratch)'. Stop with Ctrl+C."
	$(BIN)/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS) chapters/01_single_neuron.ipynb

freeze: $(STAMP)
	$(BIN)/python -m pip freeze --exclude-editable | sort -f

clean:
	rm -rf _build student .pytest_cache .hypothesis
	find . -name __pycache__ -not -path "./$(VENV)/*" -prune -exec rm -rf {} +

# ---------------------------------------------------------------- instructors
# Debian packages the PDF needs (XeLaTeX, the LaTeX packages Sphinx uses, latexmk,
# the FreeSerif fonts; pdftotext checks the result). `make pdf` installs them when
# they are missing and it runs as root; otherwise it prints the command to run.
TEX_DEBS  := texlive-xetex texlive-latex-extra texlive-fonts-recommended latexmk fonts-freefont-otf poppler-utils
TEX_CHECK := command -v xelatex && command -v latexmk && kpsewhich fncychap.sty && fc-list | grep -q FreeSerif && command -v pdftotext
PDF       := _build/pdf/nn-from-scratch.pdf

tex:
	@bash tools/need_debs.sh "$(TEX_CHECK)" $(TEX_DEBS)

pdf: $(STAMP) tex
	$(BIN)/jupyter-book build . --builder pdflatex -W -n --keep-going
	@mkdir -p $(dir $(PDF))
	@cp _build/latex/nn-from-scratch.pdf $(PDF)
	$(BIN)/python tools/check_pdf.py _build/latex/nn-from-scratch.pdf
	@echo "PDF: $(CURDIR)/$(PDF)"

# STUDENT_REPO=https://... points the student site's repository/Binder/Colab buttons elsewhere.
student: html
	$(BIN)/python tools/make_student.py $(if $(STUDENT_REPO),--repo "$(STUDENT_REPO)")

linkcheck: html
	$(BIN)/python -m pytest tests/site/test_links.py -q

browser: html
	$(BIN)/python -m pytest tests/site/test_browser.py tests/site/test_quiz.py -q -rs

set-repo: $(STAMP)
	@test -n "$(URL)" || { echo "usage: make set-repo URL=https://github.com/you/your-fork" >&2; exit 2; }
	$(BIN)/python tools/set_repo.py "$(URL)"

# ---------------------------------------------------------------- mutation testing
# make mutation (issue 11, part 4): mutmut plants small bugs, one at a time, in the numeric
# core (tools/mutation/setup.cfg lists the modules and the tests run against each mutant;
# for each mutant only the tests that call the mutated function run). It works in a copy,
# _build/mutation/, so the checkout is never mutated. About 3,300 mutants at ~8 per second
# with MUTATION_JOBS=2 workers (one BLAS/OpenMP thread each) on a shared 2-core machine:
# about 10 minutes, plus 1-2 for the score. tools/mutation/score.py prints the score, the mutants left
# alive and the equivalent ones it excludes (tools/mutation/equivalent.toml), and fails
# below 90%. Not part of `make test`. mutmut is installed here on first use, pinned
# (requirements-mutation.txt), with the course's pins of requirements.txt as constraints.
MUTATION_DIR   := _build/mutation
MUTATION_JOBS  ?= 2
MUTATION_STAMP := $(VENV)/.mutation-installed
.PHONY: mutation

$(MUTATION_STAMP): requirements-mutation.txt requirements.txt $(STAMP)
	grep -v '^-e' requirements.txt > $(VENV)/mutation-constraints.txt
	$(BIN)/python -m pip install --quiet -c $(VENV)/mutation-constraints.txt -r requirements-mutation.txt
	@touch $@

mutation: $(STAMP) $(MUTATION_STAMP)
	rm -rf $(MUTATION_DIR) && mkdir -p $(MUTATION_DIR)/chapters
	cp -r nnscratch tests pytest.ini $(MUTATION_DIR)/
	cp chapters/*.ipynb $(MUTATION_DIR)/chapters/
	cp tools/mutation/setup.cfg $(MUTATION_DIR)/setup.cfg
	@cd $(MUTATION_DIR) && start=$$(date +%s) && echo "mutmut run (log: $(MUTATION_DIR)/mutmut-run.log) ..." && \
	  { OMP_NUM_THREADS=1 $(CURDIR)/$(BIN)/mutmut run --max-children $(MUTATION_JOBS) > mutmut-run.log 2>&1 || \
	    { tail -c 3000 mutmut-run.log; exit 1; }; } && echo "mutmut run took $$(( $$(date +%s) - start )) s"
	$(BIN)/python tools/mutation/score.py $(MUTATION_DIR)
