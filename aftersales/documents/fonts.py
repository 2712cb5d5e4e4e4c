"""Chinese fonts for the printed documents.

The system font (Debian's fonts-noto-cjk, installed by `make deps`) is a 20 MB collection of
65 000 glyphs. WeasyPrint subsets the embedded font on every render while keeping the glyph ids,
which for such a font costs about 50 ms per face (regular and bold: 100 ms). So once per machine
we cut the system font down with HarfBuzz to GB 2312 plus Latin, punctuation and symbols (about
8 000 glyphs, 2 MB; cached under var/fonts/), and the print CSS uses that as "Print Sans SC". A
character outside it (a rare name character) falls back, glyph by glyph, to the full system font:
slower for that one document, never tofu. The cut-down font keeps its internal name (Noto Sans
CJK SC, SIL Open Font License).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import logging
import os
import subprocess
import tempfile
import threading
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

FAMILY = "Print Sans SC"
SYSTEM_FAMILY = "Noto Sans CJK SC"
# The font stack of every document: the cut-down face first, then whatever fontconfig has.
FONT_STACK = f'"{FAMILY}", "{SYSTEM_FAMILY}", "Source Han Sans SC", "WenQuanYi Zen Hei", sans-serif'
CHARSET_VERSION = "gb2312-1"
WEIGHTS = {400: "regular", 700: "bold"}
_lock = threading.Lock()


def font_dir() -> Path:
    return Path(getattr(settings, "DOCUMENTS_FONT_DIR", Path(settings.BASE_DIR) / "var" / "fonts"))


def cjk_font_files() -> list[str]:
    """Font files fontconfig offers for Chinese (`fc-list :lang=zh`); empty when there is none."""
    try:
        out = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True, timeout=20, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return sorted({line.split(":")[0].strip() for line in out.splitlines() if line.strip()})


def system_face(weight: int) -> tuple[str, int] | None:
    """(file, index in the collection) of the system's Chinese sans face nearest `weight`."""
    fc_weight = 200 if weight >= 600 else 80  # fontconfig's scale: 80 regular, 200 bold
    try:
        out = subprocess.run(
            ["fc-match", "-f", "%{file}\\n%{index}\\n%{lang}", f"{SYSTEM_FAMILY}:lang=zh-cn:weight={fc_weight}"],
            capture_output=True, text=True, timeout=20, check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    parts = out.split("\n")
    if len(parts) < 3 or "zh-cn" not in parts[2].split("|"):
        return None
    return parts[0], int(parts[1] or 0)


def _charset() -> list[int]:
    chars = set(range(0x20, 0x250)) | set(range(0x370, 0x500)) | set(range(0x2000, 0x2C00))
    chars |= set(range(0x3000, 0x3100)) | set(range(0xFE30, 0xFE50)) | set(range(0xFF00, 0xFFF0))
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.add(ord(bytes((high, low)).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    return sorted(chars)


def _subset(source: str, index: int, target: Path) -> bool:
    name = ctypes.util.find_library("harfbuzz-subset")
    if not name:
        return False
    hb = ctypes.CDLL(ctypes.util.find_library("harfbuzz"))
    hbs = ctypes.CDLL(name)
    vp = ctypes.c_void_p
    hb.hb_blob_create_from_file.restype = vp
    hb.hb_blob_create_from_file.argtypes = [ctypes.c_char_p]
    hb.hb_face_create.restype = vp
    hb.hb_face_create.argtypes = [vp, ctypes.c_uint]
    hbs.hb_subset_input_create_or_fail.restype = vp
    hbs.hb_subset_input_unicode_set.restype = vp
    hbs.hb_subset_input_unicode_set.argtypes = [vp]
    hbs.hb_subset_input_set.restype = vp
    hbs.hb_subset_input_set.argtypes = [vp, ctypes.c_int]
    hb.hb_set_add.argtypes = [vp, ctypes.c_uint32]
    hb.hb_tag_from_string.restype = ctypes.c_uint32
    hb.hb_tag_from_string.argtypes = [ctypes.c_char_p, ctypes.c_int]
    hbs.hb_subset_or_fail.restype = vp
    hbs.hb_subset_or_fail.argtypes = [vp, vp]
    hb.hb_face_reference_blob.restype = vp
    hb.hb_face_reference_blob.argtypes = [vp]
    hb.hb_blob_get_data.restype = ctypes.POINTER(ctypes.c_char)
    hb.hb_blob_get_data.argtypes = [vp, ctypes.POINTER(ctypes.c_uint)]
    for fn in ("hb_blob_destroy", "hb_face_destroy", "hb_subset_input_destroy"):
        getattr(hbs if fn == "hb_subset_input_destroy" else hb, fn).argtypes = [vp]

    blob = hb.hb_blob_create_from_file(source.encode())
    face = hb.hb_face_create(blob, index)
    subset_input = hbs.hb_subset_input_create_or_fail()
    try:
        unicodes = hbs.hb_subset_input_unicode_set(subset_input)
        for cp in _charset():
            hb.hb_set_add(unicodes, cp)
        # GSUB's closure would pull in 8 000 more glyphs (regional and vertical forms) we never print.
        drop = hbs.hb_subset_input_set(subset_input, 3)  # HB_SUBSET_SETS_DROP_TABLE_TAG
        for tag in (b"GSUB", b"vhea", b"vmtx", b"VORG"):
            hb.hb_set_add(drop, hb.hb_tag_from_string(tag, -1))
        result = hbs.hb_subset_or_fail(face, subset_input)
        if not result:
            return False
        out_blob = hb.hb_face_reference_blob(result)
        length = ctypes.c_uint()
        data = ctypes.string_at(hb.hb_blob_get_data(out_blob, ctypes.byref(length)), length.value)
        hb.hb_blob_destroy(out_blob)
        hb.hb_face_destroy(result)
    finally:
        hbs.hb_subset_input_destroy(subset_input)
        hb.hb_face_destroy(face)
        hb.hb_blob_destroy(blob)
    if not data:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    # Written under another name and renamed: a second process never reads half a font.
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, target)
    return True


def print_fonts() -> dict[int, Path]:
    """{weight: path} of the cut-down faces, built on first use; {} if they cannot be built."""
    faces: dict[int, Path] = {}
    with _lock:
        for weight in WEIGHTS:
            face = system_face(weight)
            if face is None:
                continue
            source, index = face
            try:
                stat = os.stat(source)
            except OSError:
                continue
            key = hashlib.sha256(f"{source}|{index}|{stat.st_size}|{stat.st_mtime_ns}|{CHARSET_VERSION}".encode()).hexdigest()[:12]
            target = font_dir() / f"print-sans-sc-{WEIGHTS[weight]}-{key}.otf"
            if not target.exists():
                try:
                    if not _subset(source, index, target):
                        continue
                    logger.info("built print font %s from %s#%d", target.name, source, index)
                except OSError:
                    logger.exception("could not build the print font from %s", source)
                    continue
            faces[weight] = target
    return faces


def font_face_css() -> str:
    rules = []
    for weight, path in sorted(print_fonts().items()):
        rules.append(f'@font-face {{ font-family: "{FAMILY}"; src: url("{path.as_uri()}"); font-weight: {weight}; }}')
    return "\n".join(rules)
