"""Workbooks that unzip far beyond their size (zip bombs), built without the test itself holding what they unzip to.

``zip_bomb(rows, cell_mb)`` is a real .xlsx (openpyxl reads it: ``rows`` rows of one ``cell_mb`` MB cell of 'A's on
'Sheet1'), written byte by byte: the sheet's deflate stream is one megabyte of row compressed once after a full flush
(which makes it independent of what comes before) and repeated, so a 3,000 MB sheet is 3 MB built in about a second,
its CRC the only pass over the unzipped bytes (one megabyte at a time). Deflate cannot do much better than 1,000 to 1.
"""

from __future__ import annotations

import struct
import zlib

MB = 1_000_000
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships'
        '+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override '
        'PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG_RELS}"><Relationship Id="rId1" '
        f'Type="{_DOC_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_MAIN}" xmlns:r="{_DOC_RELS}"><sheets>'
        '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG_RELS}"><Relationship Id="rId1" '
        f'Type="{_DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
    ),
}


def zip_bomb(rows: int, cell_mb: int = 1) -> bytes:
    """A workbook whose one sheet unzips to about ``rows`` x ``cell_mb`` MB (at most 4,000 MB: no zip64)."""
    head = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_MAIN}"><sheetData>'.encode()
    row = b'<row><c t="inlineStr"><is><t>' + b"A" * (cell_mb * MB) + b"</t></is></c></row>"
    tail = b"</sheetData></worksheet>"
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    repeated = compressor.compress(row) + compressor.flush(zlib.Z_FULL_FLUSH)
    end = compressor.compress(tail) + compressor.flush(zlib.Z_FINISH)
    crc = zlib.crc32(head)
    for _ in range(rows):
        crc = zlib.crc32(row, crc)
    sheet = (start + repeated * rows + end, zlib.crc32(tail, crc), len(head) + rows * len(row) + len(tail))
    parts = {name: _deflated(text.encode()) for name, text in _PARTS.items()}
    parts["xl/worksheets/sheet1.xml"] = sheet
    return _zip(parts)


def _deflated(data: bytes) -> tuple[bytes, int, int]:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(), zlib.crc32(data), len(data)


def _zip(parts: dict[str, tuple[bytes, int, int]]) -> bytes:
    """A zip file of deflated ``parts`` (name -> (deflated bytes, CRC-32, unzipped size))."""
    body, directory = b"", b""
    for name, (data, crc, size) in parts.items():
        encoded = name.encode()
        header = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(data), size, len(encoded), 0)
        directory += struct.pack(
            "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc, len(data), size, len(encoded), 0, 0, 0, 0, 0,
            len(body),
        ) + encoded  # fmt: skip
        body += header + encoded + data
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(parts), len(parts), len(directory), len(body), 0)
    return body + directory + end
