"""nnscratch: the helper package of *Neural Networks from Scratch, NumPy and PyTorch side by side*.

Each module holds one idea, with its forward computation and its gradient side by
side. Import from the modules directly, e.g. ``from nnscratch.activations import sigmoid``.
Nothing here imports PyTorch at import time: the NumPy chapters never need it.
The course's data sets ship inside the package, in ``nnscratch/datasets/``
(see :mod:`nnscratch.data`), so an installed wheel loads them from any folder.
"""

#: The package's version, written only here: pyproject.toml reads it (setuptools
#: dynamic version), and importlib.metadata.version("nnscratch") reports it.
__version__ = "0.1.0"
