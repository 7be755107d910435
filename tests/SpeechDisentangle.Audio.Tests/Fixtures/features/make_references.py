#!/usr/bin/python3
"""Reference log-mel features for SpeechDisentangle.Audio.Features tests.

Run with Debian's interpreter (python3-torch 1.13, python3-torchaudio 0.13, numpy):
    /usr/bin/python3 make_references.py
Writes, next to this script, for each case NAME:
    NAME.f32             exact input samples (channel 0), little-endian float32 in [-1, 1)
    NAME.kaldi.f32       torchaudio.compliance.kaldi.fbank on samples * 32768, dither=0
    NAME.kaldi_nosnip.f32 the same with snip_edges=False (Kaldi's mirrored edges)
    NAME.htk.f32         ln(MelSpectrogram(mel_scale='htk', norm=None) + 1e-6)
    NAME.slaney.f32      ln(MelSpectrogram(mel_scale='slaney', norm='slaney') + 1e-6)
and manifest.json with shapes (frames x bins, row-major) and options.
The reference maths runs in float64 (same torchaudio code paths, double tensors) so the committed
numbers are the tools' algorithms without float32 rounding noise; outputs are stored as float32.
Mel bins: 80, except 40 at 8000 Hz (80 filters over 4 kHz leave empty filters).
"""
import json
import math
import os

import numpy as np
import torch
import torchaudio

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(1234)


def make_signal(sr, seconds, channels=1):
    n = int(sr * seconds)
    t = np.arange(n) / sr
    f0, f1 = 100.0, 0.45 * sr
    # Exponential chirp, a steady tone, noise and a stretch of exact silence.
    phase = 2 * math.pi * f0 * seconds / math.log(f1 / f0) * (np.exp(t / seconds * math.log(f1 / f0)) - 1)
    x = 0.5 * np.sin(phase) + 0.2 * np.sin(2 * math.pi * 440.0 * t)
    x += 0.02 * rng.standard_normal(n)
    x[int(0.4 * n):int(0.5 * n)] = 0.0
    x[int(0.5 * n):int(0.6 * n)] = 0.001 * rng.standard_normal(int(0.6 * n) - int(0.5 * n))
    out = np.stack([x * (0.9 - 0.3 * c) for c in range(channels)])
    return np.clip(out, -1.0, 1.0 - 1.0 / 32768)


def quantize(x, bits):
    if bits is None:
        return x.astype(np.float32)
    scale = float(2 ** (bits - 1))
    return (np.round(x * scale).clip(-scale, scale - 1) / scale).astype(np.float32)


CASES = [
    # name, rate, seconds, bits (None = float content), channels
    ("s16k_int16", 16000, 1.0, 16, 1),
    ("s8k_int16", 8000, 0.6, 16, 1),
    ("s22k_int24", 22050, 0.5, 24, 1),
    ("s44k_float", 44100, 0.3, None, 1),
    ("s16k_stereo_float", 16000, 0.4, None, 2),
]


def save(name, array):
    a = np.ascontiguousarray(array, dtype="<f4")
    a.tofile(os.path.join(HERE, name))
    return list(a.shape)


def main():
    manifest = {"torch": torch.__version__, "torchaudio": torchaudio.__version__, "cases": []}
    for name, sr, seconds, bits, channels in CASES:
        x = quantize(make_signal(sr, seconds, channels), bits)
        x0 = x[0]  # multichannel inputs: channel 0 is the one compared
        save(name + ".f32", x0)
        bins = 40 if sr <= 8000 else 80
        wav = torch.from_numpy(x0.astype(np.float64)).unsqueeze(0)

        kaldi = torchaudio.compliance.kaldi.fbank(
            wav * 32768.0, sample_frequency=float(sr), num_mel_bins=bins, dither=0.0,
            frame_length=25.0, frame_shift=10.0, window_type="povey", preemphasis_coefficient=0.97,
            remove_dc_offset=True, round_to_power_of_two=True, snip_edges=True, low_freq=20.0, high_freq=0.0)

        win = int(sr * 25.0 * 0.001)
        hop = int(sr * 10.0 * 0.001)
        kaldi_nosnip = torchaudio.compliance.kaldi.fbank(
            wav * 32768.0, sample_frequency=float(sr), num_mel_bins=bins, dither=0.0, snip_edges=False)
        outputs = {"kaldi": kaldi.numpy(), "kaldi_nosnip": kaldi_nosnip.numpy()}
        for scale, norm in (("htk", None), ("slaney", "slaney")):
            t = torchaudio.transforms.MelSpectrogram(
                sample_rate=sr, n_fft=win, win_length=win, hop_length=hop, f_min=0.0, f_max=None,
                n_mels=bins, window_fn=torch.hann_window, power=2.0, center=True, pad_mode="reflect",
                norm=norm, mel_scale=scale).to(torch.float64)
            mel = t(wav)[0].T  # (frames, bins)
            outputs[scale] = torch.log(mel + 1e-6).numpy()

        entry = {"name": name, "sample_rate": sr, "bits": bits, "channels": channels,
                 "samples": int(x0.shape[0]), "num_mel_bins": bins, "win_length": win, "hop_length": hop,
                 "outputs": {}}
        for preset, arr in outputs.items():
            entry["outputs"][preset] = {"file": f"{name}.{preset}.f32", "shape": save(f"{name}.{preset}.f32", arr)}
        manifest["cases"].append(entry)
        print(name, {k: v.shape for k, v in outputs.items()})

    manifest["options"] = {
        "kaldi": "torchaudio.compliance.kaldi.fbank(wave*32768, dither=0, povey, preemph 0.97, remove_dc, "
                 "round_to_power_of_two, snip_edges, low_freq 20, high_freq 0 (=nyquist), 25/10 ms)",
        "kaldi_nosnip": "as kaldi with snip_edges=False",
        "htk": "ln(MelSpectrogram(n_fft=win_length=int(sr*0.025), hop=int(sr*0.010), hann periodic, center reflect, "
               "power 2, f_min 0, f_max sr//2, mel_scale htk, norm None) + 1e-6)",
        "slaney": "same as htk with mel_scale slaney, norm slaney",
    }
    with open(os.path.join(HERE, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)


if __name__ == "__main__":
    main()
