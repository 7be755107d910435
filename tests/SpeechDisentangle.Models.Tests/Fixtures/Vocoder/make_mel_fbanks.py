"""Reference mel filter banks from torchaudio (0.13) for the GriffinLimVocoder's own filter bank.

Run with Debian's python (has torch/torchaudio): /usr/bin/python3 make_mel_fbanks.py
Writes one CSV per (scale, norm): rows = linear-frequency bins (n_fft/2 + 1), columns = mel bands.
"""
import torchaudio.functional as F

SAMPLE_RATE, N_FFT, N_MELS, F_MIN, F_MAX = 16000, 256, 20, 50.0, 7600.0

for scale, norm in [("htk", None), ("slaney", "slaney"), ("slaney", None), ("htk", "slaney")]:
    fb = F.melscale_fbanks(N_FFT // 2 + 1, F_MIN, F_MAX, N_MELS, SAMPLE_RATE, norm=norm, mel_scale=scale)
    name = f"fbank_{scale}_{norm or 'none'}.csv"
    with open(name, "w") as f:
        for row in fb.double().tolist():
            f.write(",".join(f"{v:.9g}" for v in row) + "\n")
    print(name, tuple(fb.shape))
