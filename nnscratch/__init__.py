"""nnscratch: the helper package of *Neural Networks from Scratch, NumPy and PyTorch side by side*.

The tree shows the architecture, and imports only run downwards:

- the shared modules at the top: :mod:`~nnscratch.checks` (the one module of input
  checks), :mod:`~nnscratch.activations`, :mod:`~nnscratch.losses`,
  :mod:`~nnscratch.gradcheck`, :mod:`~nnscratch.metrics`, :mod:`~nnscratch.plotting`,
  :mod:`~nnscratch.torch_bridge`; they import neither subpackage (chapter 8's
  :mod:`~nnscratch.benchmark` and the exercise checks of :mod:`~nnscratch.check` sit
  beside them and use the models);
- :mod:`nnscratch.models`: the models (neuron, flower network, sigmoid network,
  classifier, autograd engine), which import shared modules only;
- :mod:`nnscratch.datasets`: the data (the CSV loader, the data-set modules and the
  shipped files), which imports shared modules only.

Import from the modules directly, e.g. ``from nnscratch.models import network`` or
``from nnscratch.datasets.spiral import load_spiral``. Nothing here imports PyTorch
at import time: the NumPy chapters never need it. The data sets ship inside the
package, so an installed wheel loads them from any folder.
"""

#: The package's version, written only here: pyproject.toml reads it (setuptools
#: dynamic version), and importlib.metadata.version("nnscratch") reports it.
__version__ = "0.1.0"
