"""The package's layout (issue 11, part 3): the tree says what is data, what is a model, what is shared.

Read from the source with :mod:`ast`, so imports inside functions count too:

- a model never imports a data set, a data set never imports a model, and the shared
  maths modules import neither (imports only run downwards);
- no module imports a private name (``_helper``) from another module of the package;
- every public function names, in its docstring, the chapter that introduces it.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import re
from pathlib import Path

import pytest

import nnscratch

PACKAGE = Path(nnscratch.__file__).resolve().parent
#: The shared modules at the top of the tree: they import neither subpackage.
SHARED = ("activations", "checks", "gradcheck", "losses", "metrics", "plotting", "torch_bridge")
#: Top-level modules that use the models (chapter 8's timings, the exercise checks): they
#: sit beside the shared modules and may import models, never a data set's internals.
CONSUMERS = ("benchmark", "check")
MODELS = ("neuron", "flower_net", "mlp", "network", "autograd")
DATASETS = ("flowers", "spiral", "planets", "gates")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def package_modules():
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports(path: Path):
    """``(module, name)`` for every ``from nnscratch... import name`` / ``import nnscratch...`` in ``path``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "nnscratch":
            found.extend((node.module, alias.name) for alias in node.names)
        elif isinstance(node, ast.Import):
            found.extend((alias.name, None) for alias in node.names if alias.name.split(".")[0] == "nnscratch")
    return found


def imported_modules(path: Path) -> set[str]:
    """The package's modules ``path`` imports (``from nnscratch.models import mlp`` counts as ``...mlp``)."""
    names = set()
    modules = package_modules()
    for module, name in imports(path):
        full = f"{module}.{name}" if name else module
        names.add(full if full in modules else module)
    return names


def test_the_tree_holds_the_decided_modules():
    modules = set(package_modules())
    expected = {"nnscratch", "nnscratch.models", "nnscratch.datasets"}
    expected |= {f"nnscratch.{m}" for m in SHARED + CONSUMERS}
    expected |= {f"nnscratch.models.{m}" for m in MODELS}
    expected |= {f"nnscratch.datasets.{m}" for m in DATASETS}
    assert modules == expected, f"unexpected {sorted(modules - expected)}, missing {sorted(expected - modules)}"


@pytest.mark.parametrize("name", sorted(package_modules()))
def test_imports_only_run_downwards(name):
    path = package_modules()[name]
    used = imported_modules(path)
    models = {m for m in used if m == "nnscratch.models" or m.startswith("nnscratch.models.")}
    data = {m for m in used if m == "nnscratch.datasets" or m.startswith("nnscratch.datasets.")}
    if name.startswith("nnscratch.models"):
        assert not data, f"{name} (a model) imports the data sets {sorted(data)}"
    elif name.startswith("nnscratch.datasets"):
        assert not models, f"{name} (a data set) imports the models {sorted(models)}"
    elif name.removeprefix("nnscratch.") in SHARED:
        assert not (models or data), f"{name} (shared) imports {sorted(models | data)}"


def test_the_direction_test_sees_an_upward_import(tmp_path):
    bad = tmp_path / "x.py"
    bad.write_text("def f():\n    from nnscratch.datasets.spiral import load_spiral\n", encoding="utf-8")
    assert "nnscratch.datasets.spiral" in imported_modules(bad)
    bad.write_text("from nnscratch.models import mlp, network\n", encoding="utf-8")
    assert {"nnscratch.models.mlp", "nnscratch.models.network"} <= imported_modules(bad)


@pytest.mark.parametrize("name", sorted(package_modules()))
def test_no_private_name_is_imported_across_modules(name):
    private = [f"{module}.{n}" for module, n in imports(package_modules()[name]) if n and n.startswith("_")]
    assert not private, f"{name} imports private helpers {private}"


def public_functions():
    found = []
    for name in sorted(package_modules()):
        module = importlib.import_module(name)
        for attr, obj in vars(module).items():
            if attr.startswith("_") or not inspect.isfunction(obj) or obj.__module__ != name:
                continue
            found.append((name, attr, obj))
    return found


#: Modules whose public functions are not introduced by a chapter: the input checks every
#: boundary shares, and other engineers' modules (chapter 8's tools, the exercise checks).
NOT_CHAPTER_API = ("nnscratch.checks", "nnscratch.benchmark", "nnscratch.check")


@pytest.mark.parametrize(("module", "name", "function"),
                         [f for f in public_functions() if f[0] not in NOT_CHAPTER_API],
                         ids=lambda v: v if isinstance(v, str) else "")
def test_every_public_function_names_its_chapter(module, name, function):
    assert re.search(r"\bchapters? \d", inspect.getdoc(function) or ""), \
        f"{module}.{name}'s docstring must name the chapter that introduces it"


@pytest.mark.parametrize("module", ["nnscratch.models.flower_net", "nnscratch.models.mlp",
                                    "nnscratch.models.network"])
def test_the_parameter_names_are_written_once_per_model(module):
    source = Path(importlib.import_module(module).__file__).read_text(encoding="utf-8")
    names = importlib.import_module(module).PARAM_NAMES
    literal = "(" + ", ".join(repr(n).replace("'", '"') for n in names) + ")"
    assert source.count(literal) == 1, f"{module} writes its parameter-name tuple {literal} more than once"


#: The model API of layout.md: the same name for the same idea in every model module.
API = {
    "nnscratch.models.neuron": {"forward", "gradients", "train"},
    "nnscratch.models.flower_net": {"init_params", "forward", "backward", "sgd_epoch", "train", "predict_proba"},
    "nnscratch.models.mlp": {"init_params", "forward", "loss", "backward", "sgd_step", "train", "predict"},
    "nnscratch.models.network": {"init_params", "forward", "loss_and_grads", "sgd_step", "train", "predict"},
}
OLD_NAMES = {"init_mlp", "mlp_forward", "mlp_loss", "mlp_backward", "mlp_step", "mlp_train", "mlp_predict",
             "neuron_forward", "neuron_gradients", "train_neuron", "init_flower_params", "flower_forward",
             "flower_backward", "train_flower_net", "flower_predict_proba"}


@pytest.mark.parametrize("module", sorted(API))
def test_models_use_the_shared_names(module):
    public = {n for m, n, _ in public_functions() if m == module and not n.endswith("_unchecked")}
    assert API[module] <= public, f"{module} lacks {sorted(API[module] - public)}"
    assert not public & OLD_NAMES, f"{module} still has the old names {sorted(public & OLD_NAMES)}"
