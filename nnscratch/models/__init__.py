"""The course's models, one module each, with the same names for the same ideas.

- :mod:`~nnscratch.models.neuron`: one sigmoid neuron (chapter 1);
- :mod:`~nnscratch.models.flower_net`: the 2-2-1 flower network, weight by weight (chapter 2);
- :mod:`~nnscratch.models.mlp`: the batched one-hidden-layer sigmoid network (chapter 3);
- :mod:`~nnscratch.models.network`: the ReLU + softmax classifier (chapter 4);
- :mod:`~nnscratch.models.autograd`: the scalar and tensor autograd engine (chapter 5).

Each model that has them offers ``init_params``, ``forward``, ``backward``,
``loss_and_grads``, ``sgd_step``, ``train``, ``predict`` and ``predict_proba``, and
``*_unchecked`` kernels that skip the input checks. A model imports only the
shared modules of ``nnscratch`` (activations, losses, checks, ...), never a data set.
"""
