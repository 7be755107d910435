#!/usr/bin/python3
"""Generates the Kaldi ark and .npy fixtures for the Data tests, independently of the C# code.

The ark writer below follows Kaldi's documented binary format (kaldi-io / kaldiio): "key " then "\\0B", a type
token ("FM ", "FV ", "DM "), each int32 prefixed by its size byte 4, then little-endian data. The .npy files come
from numpy.save itself. Run with Debian's python3 (has numpy): /usr/bin/python3 make_fixtures.py
"""
import os
import struct

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def int32(v):
    return b"\x04" + struct.pack("<i", v)


def binary_object(array):
    if array.ndim == 2:
        token = b"FM " if array.dtype == np.float32 else b"DM "
        head = token + int32(array.shape[0]) + int32(array.shape[1])
    else:
        token = b"FV " if array.dtype == np.float32 else b"DV "
        head = token + int32(array.shape[0])
    return b"\x00B" + head + array.astype(array.dtype.newbyteorder("<")).tobytes()


def text_matrix(array):
    rows = "".join("\n  " + " ".join(repr(float(v)) for v in row) + " " for row in array)
    return (" [" + rows + "]\n").encode()


def main():
    rng = np.random.default_rng(7)
    feats = {
        "utt1": rng.standard_normal((3, 4)).astype(np.float32),
        "utt2": rng.standard_normal((2, 4)).astype(np.float32),
        "utt3": np.zeros((0, 0), dtype=np.float32),
    }
    # feats.ark: float matrices only, as a C# writer for the same arrays must reproduce byte for byte.
    with open(os.path.join(HERE, "feats.ark"), "wb") as ark:
        for key, m in feats.items():
            ark.write(key.encode() + b" ")
            ark.write(binary_object(m))
    # mixed.ark: every object kind the reader supports, plus the offsets an scp would hold.
    mixed = [
        ("fm", rng.standard_normal((2, 3)).astype(np.float32), "bin"),
        ("dm", rng.standard_normal((2, 2)).astype(np.float64), "bin"),
        ("fv", rng.standard_normal(5).astype(np.float32), "bin"),
        ("txt", np.array([[1.5, -2.0], [3.25, 4.0]], dtype=np.float32), "text"),
        ("tail", np.arange(6, dtype=np.float32).reshape(3, 2), "bin"),
    ]
    scp = []
    with open(os.path.join(HERE, "mixed.ark"), "wb") as ark:
        for key, a, kind in mixed:
            ark.write(key.encode() + b" ")
            scp.append("%s mixed.ark:%d\n" % (key, ark.tell()))
            ark.write(binary_object(a) if kind == "bin" else text_matrix(a))
    with open(os.path.join(HERE, "mixed.scp.in"), "w") as f:
        f.writelines(scp)
    # Expected values as .npy (read back by the C# NpyFile tests, too).
    for key, a, _ in mixed:
        np.save(os.path.join(HERE, "mixed_%s.npy" % key), a.astype(np.float32))
    for key, m in feats.items():
        np.save(os.path.join(HERE, "feats_%s.npy" % key), m)
    # numpy's own .npy bytes for the writer byte-for-byte comparison, and other dtypes/orders for the reader.
    np.save(os.path.join(HERE, "np_f32_2x3.npy"), np.array([[0.5, -1, 2], [3, 4.25, -5]], dtype=np.float32))
    np.save(os.path.join(HERE, "np_f32_vec5.npy"), np.arange(5, dtype=np.float32) / 4)
    np.save(os.path.join(HERE, "np_f32_big.npy"), np.linspace(-1, 1, 7 * 13, dtype=np.float32).reshape(7, 13))
    np.save(os.path.join(HERE, "np_i64_vec.npy"), np.array([3, -1, 7, 2**40], dtype=np.int64))
    np.save(os.path.join(HERE, "np_f64_2x2.npy"), np.array([[1e-300, 2.5], [-3, 1e300]], dtype=np.float64))
    np.save(os.path.join(HERE, "np_i32_fortran.npy"), np.asfortranarray(np.arange(6, dtype=np.int32).reshape(2, 3)))
    np.save(os.path.join(HERE, "np_u8_3d.npy"), np.arange(24, dtype=np.uint8).reshape(2, 3, 4))
    np.save(os.path.join(HERE, "np_f32_bigendian.npy"), np.arange(3, dtype=">f4"))


if __name__ == "__main__":
    main()
