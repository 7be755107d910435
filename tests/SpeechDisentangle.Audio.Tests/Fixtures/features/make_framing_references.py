#!/usr/bin/python3
"""Reference log-mel features for the framing options (n_fft, window and hop) of SpeechDisentangle.

Run with Debian's interpreter (python3-torch 1.13, python3-torchaudio 0.13, numpy), after make_references.py:
    /usr/bin/python3 make_framing_references.py
Reads the inputs make_references.py wrote (s16k_int16.f32) and writes one 1 s signal of its own
(s22k_long_int16.f32, same generator). For each case NAME it writes NAME.f32 (frames x bins, row-major,
little-endian float32) and lists every case with its options in framing_manifest.json.
htk/slaney: ln(MelSpectrogram(n_fft, win_length, hop_length, periodic Hann, center reflect, power 2) + 1e-6), or
ln(max(mel, log_floor)) where log_floor is given (ESPnet's LogMel clamps at 1e-10). kaldi: compliance.kaldi.fbank
with the frame length and shift in ms. The maths runs in float64 as in make_references.py.
"""
import json
import os

import numpy as np
import torch
import torchaudio

from make_references import HERE, make_signal, quantize, save

# name, input, rate, preset, n_fft, win_length, hop_length, log_floor
MEL_CASES = [
    ("espnet_slaney", "s16k_int16.f32", 16000, "slaney", 512, 400, 160, None),   # ESPnet recipes' framing
    ("espnet_htk", "s16k_int16.f32", 16000, "htk", 512, 400, 160, None),
    ("espnet_floor", "s16k_int16.f32", 16000, "slaney", 512, 400, 160, 1e-10),   # ESPnet's features exactly
    ("espnet_default", "s16k_int16.f32", 16000, "slaney", 512, 512, 128, None),  # DefaultFrontend's own defaults
    ("nfft1024_win800_hop200", "s16k_int16.f32", 16000, "htk", 1024, 800, 200, None),
    ("odd_nfft555_win400_hop100", "s16k_int16.f32", 16000, "htk", 555, 400, 100, None),  # odd n_fft, odd pad split
    ("short257_nfft512", "s16k_int16_first257.f32", 16000, "slaney", 512, 400, 160, None),  # fewest samples torch takes
    ("s22k_nfft2048_win2048_hop512", "s22k_long_int16.f32", 22050, "slaney", 2048, 2048, 512, None),
]
# name, input, rate, frame_length ms, frame_shift ms
KALDI_CASES = [
    ("kaldi_50ms_12_5ms", "s16k_int16.f32", 16000, 50.0, 12.5),
]
BINS = 80


def load(name):
    return np.fromfile(os.path.join(HERE, name), dtype="<f4")


def mel_reference(x, sr, preset, n_fft, win, hop, log_floor):
    t = torchaudio.transforms.MelSpectrogram(
        sample_rate=sr, n_fft=n_fft, win_length=win, hop_length=hop, f_min=0.0, f_max=None, n_mels=BINS,
        window_fn=torch.hann_window, power=2.0, center=True, pad_mode="reflect",
        norm="slaney" if preset == "slaney" else None, mel_scale=preset).to(torch.float64)
    mel = t(torch.from_numpy(x.astype(np.float64)).unsqueeze(0))[0].T  # (frames, bins)
    return (torch.log(torch.clamp(mel, min=log_floor)) if log_floor else torch.log(mel + 1e-6)).numpy()


def main():
    save("s16k_int16_first257.f32", load("s16k_int16.f32")[:257])
    save("s22k_long_int16.f32", quantize(make_signal(22050, 1.0), 16)[0])
    manifest = {"torch": torch.__version__, "torchaudio": torchaudio.__version__, "num_mel_bins": BINS, "cases": []}
    for name, source, sr, preset, n_fft, win, hop, log_floor in MEL_CASES:
        out = mel_reference(load(source), sr, preset, n_fft, win, hop, log_floor)
        manifest["cases"].append({"name": name, "input": source, "sample_rate": sr, "preset": preset, "n_fft": n_fft,
                                  "win_length": win, "hop_length": hop, "log_floor": log_floor,
                                  "file": name + ".f32", "shape": save(name + ".f32", out)})
        print(name, out.shape)
    for name, source, sr, length_ms, shift_ms in KALDI_CASES:
        wav = torch.from_numpy(load(source).astype(np.float64)).unsqueeze(0)
        out = torchaudio.compliance.kaldi.fbank(
            wav * 32768.0, sample_frequency=float(sr), num_mel_bins=BINS, dither=0.0,
            frame_length=length_ms, frame_shift=shift_ms).numpy()
        manifest["cases"].append({"name": name, "input": source, "sample_rate": sr, "preset": "kaldi",
                                  "frame_length_ms": length_ms, "frame_shift_ms": shift_ms,
                                  "file": name + ".f32", "shape": save(name + ".f32", out)})
        print(name, out.shape)
    with open(os.path.join(HERE, "framing_manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)


if __name__ == "__main__":
    main()
