"""TFRecord files and tf.train.Example messages, read and written without TensorFlow.

A TFRecord is a sequence of records: uint64 length, uint32 masked CRC32C of the length, the data,
uint32 masked CRC32C of the data (all little-endian). An Example (or a SequenceExample's context, the
same field 1) is protobuf: Features{map<string, Feature> feature = 1}, Feature{oneof bytes_list = 1,
float_list = 2, int64_list = 3}, each a `repeated value = 1` (packed or not).
"""
from __future__ import annotations

import struct
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import numpy as np

from vdiff.data.errors import DataError, DataNotFoundError


class TFRecordError(DataError):
    """A malformed TFRecord file or Example message (the message names the file and record)."""


def _crc_table() -> np.ndarray:
    """Byte table of the reflected CRC-32C (Castagnoli) polynomial 0x82F63B78."""
    table = np.arange(256, dtype=np.uint32)
    for _ in range(8):
        table = np.where(table & 1, (table >> 1) ^ np.uint32(0x82F63B78), table >> 1).astype(np.uint32)
    return table


_TABLE = _crc_table()
_TABLE_LIST = [int(v) for v in _TABLE]
_LANES = 4096  # chunks of a long message whose CRCs are computed side by side with numpy


def _shift_matrix(nbytes: int) -> np.ndarray:
    """Columns [32] of the GF(2) map 'feed nbytes zero bytes' on a raw CRC register."""
    columns = []
    for bit in range(32):
        crc = 1 << bit
        for _ in range(nbytes):
            crc = _TABLE_LIST[crc & 0xFF] ^ (crc >> 8)
        columns.append(crc)
    return np.array(columns, dtype=np.uint32)


def _apply(matrix: np.ndarray, registers: np.ndarray) -> np.ndarray:
    """matrix (32 columns) times each register, over GF(2)."""
    bits = (registers[:, None] >> np.arange(32, dtype=np.uint32)) & 1  # [N, 32]
    return np.bitwise_xor.reduce(bits * matrix[None, :], axis=1).astype(np.uint32)


def _raw_crc_lanes(data: np.ndarray) -> int:
    """Raw CRC (register 0, no final xor) of a long message: per-chunk CRCs combined pairwise."""
    chunk = -(-len(data) // _LANES)
    padded = np.zeros(_LANES * chunk, dtype=np.uint8)
    padded[len(padded) - len(data):] = data  # leading zeros leave a raw CRC unchanged
    columns = padded.reshape(_LANES, chunk).T.copy()  # [chunk, lanes]
    crc = np.zeros(_LANES, dtype=np.uint32)
    for row in columns:
        crc = _TABLE[(crc ^ row) & 0xFF] ^ (crc >> 8)
    shift = _shift_matrix(chunk)
    while len(crc) > 1:  # crc(a + b) = shift_len(b)(crc(a)) ^ crc(b)
        crc = _apply(shift, crc[0::2]) ^ crc[1::2]
        shift = _apply(shift, shift)  # twice as long a shift for chunks twice as long
    return int(crc[0])


def crc32c(data: bytes) -> int:
    """CRC-32C (Castagnoli) of `data`, as TFRecord, iSCSI and ext4 use it."""
    if len(data) < 4 * _LANES:
        crc = 0xFFFFFFFF
        for byte in data:
            crc = _TABLE_LIST[(crc ^ byte) & 0xFF] ^ (crc >> 8)
        return crc ^ 0xFFFFFFFF
    # the 0xFFFFFFFF start value of a reflected CRC is the same as inverting the first 4 bytes
    array = np.frombuffer(data, dtype=np.uint8).copy()
    array[:4] ^= 0xFF
    return _raw_crc_lanes(array) ^ 0xFFFFFFFF


def masked_crc32c(data: bytes) -> int:
    """TFRecord's masked CRC: rotate right by 15 bits and add 0xA282EAD8."""
    crc = crc32c(data)
    return (((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF


def read_records(path: str | Path) -> Iterator[bytes]:
    """The records of one TFRecord file, with both CRCs checked; raises TFRecordError naming the record."""
    path = Path(path)
    if not path.is_file():
        raise DataNotFoundError(f"{path}: TFRecord file not found")
    with open(path, "rb") as f:
        for index in range(2**63):
            header = f.read(12)
            if not header:
                return
            if len(header) < 12:
                raise TFRecordError(f"{path}: record {index}: truncated header ({len(header)} of 12 bytes)")
            length, length_crc = struct.unpack("<QI", header)
            if masked_crc32c(header[:8]) != length_crc:
                raise TFRecordError(f"{path}: record {index}: length CRC mismatch (not a TFRecord file?)")
            data, footer = f.read(length), f.read(4)
            if len(data) < length or len(footer) < 4:
                raise TFRecordError(f"{path}: record {index}: truncated data ({len(data)} of {length} bytes)")
            if masked_crc32c(data) != struct.unpack("<I", footer)[0]:
                raise TFRecordError(f"{path}: record {index}: data CRC mismatch (corrupt file)")
            yield data


def write_records(path: str | Path, records: Sequence[bytes]) -> None:
    """Write `records` as one TFRecord file."""
    with open(path, "wb") as f:
        for data in records:
            header = struct.pack("<Q", len(data))
            f.write(header + struct.pack("<I", masked_crc32c(header)))
            f.write(data + struct.pack("<I", masked_crc32c(data)))


def _varint(buf: bytes, pos: int) -> tuple[int, int]:
    """(value, next position) of the base-128 varint at `pos`."""
    value, shift = 0, 0
    while True:
        if pos >= len(buf) or shift > 63:
            raise TFRecordError("protobuf: truncated or overlong varint")
        byte = buf[pos]
        value |= (byte & 0x7F) << shift
        pos, shift = pos + 1, shift + 7
        if byte < 0x80:
            return value, pos


def _fields(buf: bytes) -> Iterator[tuple[int, int, int | bytes]]:
    """(field number, wire type, value) of each field of a message; value is int or bytes."""
    pos = 0
    while pos < len(buf):
        key, pos = _varint(buf, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = _varint(buf, pos)
        elif wire in (1, 5):
            size = 8 if wire == 1 else 4
            value, pos = buf[pos:pos + size], pos + size
        elif wire == 2:
            size, pos = _varint(buf, pos)
            value, pos = buf[pos:pos + size], pos + size
        else:
            raise TFRecordError(f"protobuf: unsupported wire type {wire} in field {number}")
        if pos > len(buf):
            raise TFRecordError(f"protobuf: field {number} runs past the end of the message")
        yield number, wire, value


def _feature_values(buf: bytes) -> list:
    """Values of one Feature: a list of bytes, floats or ints."""
    for kind, _, payload in _fields(buf):
        values: list = []
        for number, wire, value in _fields(payload):  # type: ignore[arg-type]
            if number != 1:
                continue
            if kind == 1:
                values.append(bytes(value))  # type: ignore[arg-type]
            elif kind == 2:  # floats: packed (wire 2) or one fixed32 each (wire 5)
                values.extend(np.frombuffer(value, dtype="<f4").tolist())  # type: ignore[arg-type]
            elif kind == 3 and wire == 0:
                values.append(value - (1 << 64) if value >= 1 << 63 else value)  # type: ignore[operator]
            elif kind == 3:  # packed varints
                pos, packed = 0, bytes(value)  # type: ignore[arg-type]
                while pos < len(packed):
                    item, pos = _varint(packed, pos)
                    values.append(item - (1 << 64) if item >= 1 << 63 else item)
        return values
    return []


def parse_example(data: bytes) -> dict[str, list]:
    """Features of a serialised tf.train.Example (or a SequenceExample's context): name -> values."""
    features: dict[str, list] = {}
    for number, _, features_buf in _fields(data):
        if number != 1:
            continue
        for entry_number, _, entry in _fields(features_buf):  # type: ignore[arg-type]
            if entry_number != 1:
                continue
            key, value = "", b""
            for field, _, content in _fields(entry):  # type: ignore[arg-type]
                if field == 1:
                    key = bytes(content).decode("utf-8")  # type: ignore[arg-type]
                elif field == 2:
                    value = content  # type: ignore[assignment]
            features[key] = _feature_values(value)
    return features


def _key(number: int, wire: int) -> bytes:
    """The tag varint of field `number` with wire type `wire`."""
    return _encode_varint(number << 3 | wire)


def _encode_varint(value: int) -> bytes:
    """Base-128 varint of `value` (two's complement for negatives)."""
    value &= (1 << 64) - 1  # negative int64 as ten bytes, as protobuf does
    out = bytearray()
    while True:
        out.append((value & 0x7F) | (0x80 if value > 0x7F else 0))
        value >>= 7
        if not value:
            return bytes(out)


def _delimited(number: int, payload: bytes) -> bytes:
    """A length-delimited field (wire type 2)."""
    return _key(number, 2) + _encode_varint(len(payload)) + payload


def encode_example(features: Mapping[str, Sequence[bytes] | Sequence[float] | Sequence[int] | np.ndarray]) -> bytes:
    """Serialise a tf.train.Example: bytes values -> bytes_list, floats -> float_list, ints -> int64_list."""
    entries = b""
    for name, values in features.items():
        values = list(values)
        if all(isinstance(v, (bytes, bytearray)) for v in values) and values:
            feature = _delimited(1, b"".join(_delimited(1, bytes(v)) for v in values))
        elif all(isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in values) and values:
            feature = _delimited(3, _delimited(1, b"".join(_encode_varint(int(v)) for v in values)))
        else:
            feature = _delimited(2, _delimited(1, np.asarray(values, dtype="<f4").tobytes()))
        entries += _delimited(1, _delimited(1, name.encode("utf-8")) + _delimited(2, feature))
    return _delimited(1, entries)
