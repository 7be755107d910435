"""A tiny PyTorch state_dict with known values, for trainer.init_from's PyTorch import (PyTorchStateDictTests).

Run with Debian's python (python3-torch): /usr/bin/python3 make_tiny_state_dict.py
Writes tiny_state_dict.pt the way a PyTorch user saves weights: torch.save(module.state_dict(), path), and
training_checkpoint.pt, a dict that wraps the state_dict ({"model": ...}), and legacy_format.pt, the state_dict in
the format before PyTorch 1.6; init_from refuses those two with advice.
Every value is exact in float32 (multiples of 1/8), so the C# test compares with ==.
"""
import torch
from torch import nn


class Tiny(nn.Module):
    def __init__(self):
        super().__init__()
        self.enc = nn.Linear(3, 2)      # in the C# test model
        self.norm = nn.BatchNorm1d(2)   # in the C# test model, with its buffers
        self.extra = nn.Linear(2, 1)    # not in the C# test model: ignored


m = Tiny()
with torch.no_grad():
    m.enc.weight.copy_((torch.arange(6.0) - 2.5).reshape(2, 3) / 4)
    m.enc.bias.copy_(torch.tensor([0.5, -0.5]))
    m.norm.weight.copy_(torch.tensor([1.5, 2.0]))
    m.norm.bias.copy_(torch.tensor([0.25, -0.25]))
    m.norm.running_mean.copy_(torch.tensor([0.125, -0.125]))
    m.norm.running_var.copy_(torch.tensor([0.75, 1.25]))
    m.norm.num_batches_tracked.fill_(7)
    m.extra.weight.copy_(torch.tensor([[3.0, 4.0]]))
    m.extra.bias.copy_(torch.tensor([5.0]))
torch.save(m.state_dict(), "tiny_state_dict.pt")
torch.save({"model": m.state_dict()}, "training_checkpoint.pt")
torch.save(m.state_dict(), "legacy_format.pt", _use_new_zipfile_serialization=False)
for k, v in m.state_dict().items():
    print(k, tuple(v.shape), v.dtype, v.flatten().tolist())
