"""Writes the NumPy fixtures that NpzTest reads. Run from anywhere: python3 make_fixtures.py

The values are restated literally in api/src/test/java/dev/adjoint/api/NpzTest.java; change both together.
"""
import os
import struct

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def path(name):
    return os.path.join(HERE, name)


F32_2X3 = np.array([[1.5, -2.0, 0.1], [3.25, 1e-3, -7.0]], dtype=np.float32)
F64_SCALAR = np.array(3.141592653589793, dtype=np.float64)
I32_4 = np.array([7, -3, 0, 2147483647], dtype=np.int32)
F32_EMPTY = np.zeros((0, 3), dtype=np.float32)
F32_V2 = np.array([0.0, 0.5, 1.0, 1.5, 2.0], dtype=np.float32)


def npy_bytes(header, data, align):
    """A version 1.0 .npy written by hand, padded to `align` bytes (older NumPy used 16)."""
    h = header.encode("latin1")
    pad = (align - (10 + len(h) + 1) % align) % align
    h = h + b" " * pad + b"\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(h)) + h + data


def main():
    # Good fixtures.
    np.save(path("f32_2x3.npy"), F32_2X3)
    np.save(path("f64_scalar.npy"), F64_SCALAR)
    np.save(path("i32_4.npy"), I32_4)
    np.save(path("f32_empty_0x3.npy"), F32_EMPTY)
    with open(path("f32_v2.npy"), "wb") as f:
        np.lib.format.write_array(f, F32_V2, version=(2, 0))
    np.savez(path("stored.npz"),
             w=F32_2X3,
             b=np.array([0.25, -0.5], dtype=np.float64),
             step=np.array(42, dtype=np.int32))
    np.savez_compressed(path("compressed.npz"), **{
        "enc/w": np.arange(12, dtype=np.float32).reshape(3, 4) / 4,
        "enc/b": np.array([-1.0, 2.5, 1e-300], dtype=np.float64),
        "dec/idx": np.array([[1, 2], [-3, 4]], dtype=np.int32),
        "empty": np.zeros((2, 0), dtype=np.float32),
    })
    # Hand-written headers: Python 2 longs, 16-byte alignment, keys out of order, double quotes.
    with open(path("legacy_py2.npy"), "wb") as f:
        f.write(npy_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (2L, 1L), }",
                          np.array([2.0, -4.0], dtype="<f4").tobytes(), 16))
    with open(path("odd_header.npy"), "wb") as f:
        f.write(npy_bytes('{ "shape" :(3,),"fortran_order":False , "descr":"<f8"}',
                          np.array([1.0, -0.5, 8.0], dtype="<f8").tobytes(), 16))

    # Negative fixtures.
    np.save(path("bad_bigendian.npy"), np.array([1.0, 2.0], dtype=">f4"))
    np.save(path("bad_fortran.npy"), np.asfortranarray(F32_2X3))
    np.save(path("bad_i8.npy"), np.array([1, 2, 3], dtype=np.int64))
    with open(path("f32_2x3.npy"), "rb") as f:
        good = f.read()
    with open(path("bad_truncated.npy"), "wb") as f:
        f.write(good[:-14])  # 10 of the 24 data bytes
    with open(path("bad_header_cut.npy"), "wb") as f:
        f.write(good[:30])
    with open(path("bad_magic.npy"), "wb") as f:
        f.write(b"hello, not numpy\n")
    np.savez(path("bad_entry.npz"), ok=F32_2X3, bad=np.array([1, 2, 3], dtype=np.int64))
    with open(path("compressed.npz"), "rb") as f:
        archive = f.read()
    with open(path("bad_truncated.npz"), "wb") as f:
        f.write(archive[:len(archive) // 2])


if __name__ == "__main__":
    main()
