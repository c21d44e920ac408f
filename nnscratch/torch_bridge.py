"""Carry the NumPy models' weights into PyTorch and back (chapter 6).

Chapter 6 proves that each NumPy model of chapters 1-4 and its PyTorch twin
compute the same numbers. These helpers do the copying in both directions.
``torch`` is imported inside the functions, so importing this module (or any
NumPy-only part of the package) never loads PyTorch.

One convention differs between the two worlds: the course stores a layer's
weights as ``W`` of shape (inputs, outputs) and computes ``X @ W + b``, while
``torch.nn.Linear`` stores ``weight`` of shape (outputs, inputs) and computes
``X @ weight.T + bias``. The two-layer helpers transpose accordingly.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from nnscratch.checks import check_array


def pick_device():
    """The fastest device available: ``cuda``, then ``mps``, then ``cpu`` (chapter 6).

    Returns a ``torch.device``.
    """
    import torch

    if torch.cuda.is_available():
        return torch.device("cuda")
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        return torch.device("mps")
    return torch.device("cpu")


def to_torch(params, dtype=None, device="cpu"):
    """Copy a dict of NumPy parameters into fresh leaf tensors that require grad (chapter 6).

    ``params`` maps names to numbers or arrays; an entry of ``None`` (an absent
    bias) is left out. ``dtype`` is a floating torch dtype (default
    ``torch.float64``, the precision of the NumPy models).
    The tensors share no memory with the arrays, so training one side leaves
    the other untouched.
    """
    import torch

    dtype = torch.float64 if dtype is None else dtype
    if not isinstance(dtype, torch.dtype) or not dtype.is_floating_point:
        raise TypeError(f"dtype must be a floating torch dtype such as torch.float64, got {dtype!r}")
    arrays = _named_arrays(params)
    device = _device(device)
    return {
        name: torch.tensor(arr, dtype=dtype, device=device, requires_grad=True)
        for name, arr in arrays.items()
    }


def to_numpy(tensors):
    """Copy a dict of torch tensors back into float64 NumPy arrays (chapter 6).

    Works for tensors that require grad or live on a GPU: each is detached and
    moved to the CPU first.
    """
    import torch

    if not isinstance(tensors, Mapping) or not tensors:
        raise TypeError(f"tensors must be a non-empty dict of torch tensors, got {type(tensors).__name__}")
    out = {}
    for name, t in tensors.items():
        if not isinstance(t, torch.Tensor):
            raise TypeError(f"tensors[{name!r}] must be a torch.Tensor, got {type(t).__name__}")
        out[name] = t.detach().cpu().numpy().astype(np.float64, copy=True)
    return out


def load_two_layer_into(module, params):
    """Copy ``W1``, ``b1``, ``W2``, ``b2`` into the two ``nn.Linear`` layers of ``module`` (chapter 6).

    ``W1`` (D, H) goes, transposed, into the first layer's ``weight`` (H, D),
    ``W2`` (H, K) into the second's (K, H). A layer built with ``bias=False``
    takes no bias, so ``params`` must then leave out its ``b1`` / ``b2`` (or
    set it to ``None``, as chapter 3's networks without bias do).
    Returns ``module``, now holding exactly these numbers.
    """
    import torch

    first, second = _two_linear_layers(module)
    arrays = _named_arrays(params)
    expected = {"W1", "W2"} | {f"b{i}" for i, layer in ((1, first), (2, second)) if layer.bias is not None}
    if set(arrays) != expected:
        raise ValueError(f"params must hold exactly {sorted(expected)} for this module, got {sorted(arrays)}")
    layers = {1: first, 2: second}
    for i, layer in layers.items():  # check everything before writing anything
        W = arrays[f"W{i}"]
        if W.shape != tuple(layer.weight.T.shape):
            raise ValueError(
                f"params['W{i}'] must have shape {tuple(layer.weight.T.shape)} "
                f"(inputs, outputs) for layer {i}, got {W.shape}"
            )
        if layer.bias is not None and arrays[f"b{i}"].shape != tuple(layer.bias.shape):
            raise ValueError(
                f"params['b{i}'] must have shape {tuple(layer.bias.shape)} for layer {i}, "
                f"got {arrays[f'b{i}'].shape}"
            )
    with torch.no_grad():
        for i, layer in layers.items():
            layer.weight.copy_(torch.as_tensor(arrays[f"W{i}"].T))
            if layer.bias is not None:
                layer.bias.copy_(torch.as_tensor(arrays[f"b{i}"]))
    return module


def two_layer_params_from(module):
    """Read the two ``nn.Linear`` layers of ``module`` as a NumPy dict ``W1``, ``b1``, ``W2``, ``b2`` (chapter 6).

    The inverse of :func:`load_two_layer_into`: weights come back transposed to
    (inputs, outputs), as float64 copies; a layer without bias contributes no ``b``.
    """
    out = {}
    for i, layer in enumerate(_two_linear_layers(module), start=1):
        out[f"W{i}"] = layer.weight.detach().cpu().numpy().T.astype(np.float64, copy=True)
        if layer.bias is not None:
            out[f"b{i}"] = layer.bias.detach().cpu().numpy().astype(np.float64, copy=True)
    return out


def _named_arrays(params):
    if not isinstance(params, Mapping):
        raise TypeError(f"params must be a non-empty dict of arrays, got {type(params).__name__}")
    arrays = {}
    for name, value in params.items():
        if not isinstance(name, str):
            raise TypeError(f"parameter names must be strings, got {name!r}")
        if value is None:  # an absent bias (chapter 3's networks without bias)
            continue
        arrays[name] = check_array(value, f"params[{name!r}]", allow_empty=True)
    if not arrays:
        raise TypeError("params must be a non-empty dict of arrays, got no arrays")
    return arrays


def _device(device):
    import torch

    if not isinstance(device, (str, torch.device)):
        raise TypeError(f"device must be a string such as 'cpu' or a torch.device, got {type(device).__name__}")
    try:
        device = torch.device(device)
        torch.empty(0, device=device)
    except (RuntimeError, ValueError, AssertionError):
        raise ValueError(f"device must name a device torch can use here, such as 'cpu', got {device!r}") from None
    return device


def _two_linear_layers(module):
    import torch

    if not isinstance(module, torch.nn.Module):
        raise TypeError(f"module must be a torch.nn.Module, got {type(module).__name__}")
    layers = [m for m in module.modules() if isinstance(m, torch.nn.Linear)]
    if len(layers) != 2:
        raise ValueError(f"module must contain exactly 2 nn.Linear layers, got {len(layers)}")
    return layers
