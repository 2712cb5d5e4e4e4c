"""Barcode and QR code images hold exactly the symbols python-barcode and qrcode computed."""

import base64
import io

from PIL import Image

from aftersales.documents import codes


def _pixels(uri: str) -> Image.Image:
    assert uri.startswith("data:image/png;base64,")
    return Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1])))


def test_code128_png_is_the_module_sequence_with_quiet_zones():
    value = "HX-R2611-00042"
    modules = codes.code128_modules(value)
    img = _pixels(codes.code128_data_uri(value))
    assert img.size == (len(modules) + 2 * codes.QUIET, 1)
    row = "".join("1" if img.getpixel((x, 0)) == 0 else "0" for x in range(img.size[0]))
    assert row == "0" * codes.QUIET + modules + "0" * codes.QUIET
    assert modules.startswith("11010010000")  # Code 128 start code B


def test_qr_png_is_the_qr_matrix_with_a_border():
    url = "https://desk.example.cn/documents/s/abcdefghijklmnopqrstuvwxyz012345/"
    matrix = codes.qr_matrix(url)
    img = _pixels(codes.qr_data_uri(url))
    assert img.size == (len(matrix) + 4, len(matrix) + 4)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            assert (img.getpixel((x + 2, y + 2)) == 0) == dark
    assert codes.qr_data_uri("") == ""
