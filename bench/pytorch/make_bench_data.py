"""Writes random data in the formats `sdt bench train` reads, so the training-speed comparison runs on a machine
that has only the published sdt archive and a python with numpy (no MNIST download, no espeak, no photos).
Throughput does not depend on the values, only on the shapes, which match the real data:

  OUT/mnist/     train-/t10k-{images-idx3,labels-idx1}-ubyte.gz (8,000 / 2,000 28x28 digits, like prepare-mnist)
  OUT/photos/    a few random-colour PNG "photos" for dann-mnist's MNIST-M builder (data.photo_folder)
  OUT/sit/       a SIT split folder (train/valid/test/unseen, npy.scp, 80 bins, 2 train speakers, 10 words;
                 read with data.cmvn: none)

Usage: python3 make_bench_data.py OUT [--frames 100]
"""
import argparse
import gzip
import os
import struct
import zlib

import numpy as np

WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


def write_idx(path, array, magic):
    with gzip.open(path, "wb") as f:
        f.write(struct.pack(">I", magic))
        for d in array.shape:
            f.write(struct.pack(">I", d))
        f.write(array.astype(np.uint8).tobytes())


def mnist(out, rng, train=8000, test=2000):
    os.makedirs(out, exist_ok=True)
    for prefix, n in (("train", train), ("t10k", test)):
        write_idx(os.path.join(out, f"{prefix}-images-idx3-ubyte.gz"), rng.integers(0, 256, (n, 28, 28)), 0x803)
        write_idx(os.path.join(out, f"{prefix}-labels-idx1-ubyte.gz"), np.arange(n) % 10, 0x801)


def png(path, pixels):
    """A minimal RGB PNG (no external imaging library needed)."""
    h, w, _ = pixels.shape
    raw = b"".join(b"\x00" + pixels[y].astype(np.uint8).tobytes() for y in range(h))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def photos(out, rng, count=4, side=128):
    os.makedirs(out, exist_ok=True)
    for i in range(count):
        png(os.path.join(out, f"photo{i}.png"), rng.integers(0, 256, (side, side, 3)))


def sit_dir(out, rng, speakers, per_word, frames):
    os.makedirs(out, exist_ok=True)
    utts = []
    for spk in speakers:
        for word in WORDS:
            for r in range(per_word):
                utt = f"{spk}_{word}_{r}"
                n = int(rng.integers(max(15, frames * 6 // 10), frames + 1))
                np.save(os.path.join(out, utt + ".npy"), rng.standard_normal((n, 80)).astype(np.float32))
                utts.append((utt, spk, word, n))
    utts.sort()
    with open(os.path.join(out, "utt2spk"), "w") as f:
        f.writelines(f"{u} {s}\n" for u, s, _, _ in utts)
    with open(os.path.join(out, "text"), "w") as f:
        f.writelines(f"{u} {w}\n" for u, _, w, _ in utts)
    with open(os.path.join(out, "utt2num_frames"), "w") as f:
        f.writelines(f"{u} {n}\n" for u, _, _, n in utts)
    with open(os.path.join(out, "npy.scp"), "w") as f:
        f.writelines(f"{u} {os.path.abspath(os.path.join(out, u + '.npy'))}\n" for u, _, _, _ in utts)
    spk2utt = {}
    for u, s, _, _ in utts:
        spk2utt.setdefault(s, []).append(u)
    with open(os.path.join(out, "spk2utt"), "w") as f:
        f.writelines(f"{s} {' '.join(us)}\n" for s, us in sorted(spk2utt.items()))


def sit(out, rng, frames):
    train_speakers = ["spk_a", "spk_b"]
    sit_dir(os.path.join(out, "train"), rng, train_speakers, 40, frames)   # 800 utterances
    sit_dir(os.path.join(out, "valid"), rng, train_speakers, 1, frames)
    sit_dir(os.path.join(out, "test"), rng, train_speakers, 2, frames)
    sit_dir(os.path.join(out, "unseen"), rng, ["spk_c"], 2, frames)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("out")
    p.add_argument("--frames", type=int, default=100, help="longest SIT utterance (frames); others are 60-100 %% of it")
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args()
    rng = np.random.default_rng(args.seed)
    mnist(os.path.join(args.out, "mnist"), rng)
    photos(os.path.join(args.out, "photos"), rng)
    sit(os.path.join(args.out, "sit"), rng, args.frames)
    print(f"bench data in {args.out}: mnist/, photos/, sit/")


if __name__ == "__main__":
    main()
