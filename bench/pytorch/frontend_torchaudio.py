#!/usr/bin/python3
"""Single-thread speed of torchaudio's log-mel, for comparison with SpeechDisentangle's front end.

Run: /usr/bin/python3 bench/pytorch/frontend_torchaudio.py [seconds=600]
Times ln(MelSpectrogram(htk/slaney, n_fft 400, hop 160, 80 mels) + 1e-6) and compliance.kaldi.fbank
on synthetic 16 kHz audio (1 s chirp 100 Hz..6.4 kHz repeated + noise), best of 3, torch.set_num_threads(1).
"""
import math
import sys
import time

import torch
import torchaudio

torch.set_num_threads(1)
seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 600.0
sr = 16000
n = int(seconds * sr)
t = (torch.arange(n, dtype=torch.float64) % sr) / sr
phase = torch.cumsum(2 * math.pi * (100 + t * (0.4 * sr - 100)) / sr, 0)
g = torch.Generator().manual_seed(42)
wave = (0.5 * torch.sin(phase) + 0.05 * (2 * torch.rand(n, generator=g, dtype=torch.float64) - 1)).float().unsqueeze(0)


def best_of(fn, repeats=3):
    fn(wave[:, :sr])  # warm-up
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        out = fn(wave)
        best = min(best, time.perf_counter() - start)
    return best, out


for name, scale, norm in (("htk", "htk", None), ("slaney", "slaney", "slaney")):
    mel = torchaudio.transforms.MelSpectrogram(sample_rate=sr, n_fft=400, win_length=400, hop_length=160, n_mels=80,
                                               mel_scale=scale, norm=norm)
    with torch.inference_mode():
        elapsed, out = best_of(lambda w: torch.log(mel(w) + 1e-6))
    print(f"torchaudio {name:<7} 80 bins, fft 400: {seconds:.0f} s audio in {elapsed:.3f} s = "
          f"{seconds / elapsed:.0f}x real time ({out.shape[-1]} frames)")

with torch.inference_mode():
    elapsed, out = best_of(lambda w: torchaudio.compliance.kaldi.fbank(w * 32768, num_mel_bins=80, dither=0.0))
print(f"torchaudio kaldi   80 bins, fft 512: {seconds:.0f} s audio in {elapsed:.3f} s = "
      f"{seconds / elapsed:.0f}x real time ({out.shape[0]} frames)")
