"""The rights statements an image carries in XMP and IPTC, kept when the rest of its metadata goes.

Photographers and agencies license images on terms that often require the creator, the
copyright notice and the credit line to stay in the file, and Google Images shows them as the
image's licence details. A fixed image keeps them in a small XMP packet of its own (a few
hundred bytes), never the editing history, camera data or location around them in the
original's XMP. The older IPTC record (IPTC-IIM, in a Photoshop segment) is carried over into
the same packet, under the XMP properties the IPTC Photo Metadata Standard maps it to.
"""

from __future__ import annotations

import copy
import io
import xml.etree.ElementTree as ET

from PIL import Image, ImageFile, IptcImagePlugin

_X = "adobe:ns:meta/"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_DC = "http://purl.org/dc/elements/1.1/"
_XMP_RIGHTS = "http://ns.adobe.com/xap/1.0/rights/"
_PHOTOSHOP = "http://ns.adobe.com/photoshop/1.0/"
_PLUS = "http://ns.useplus.org/ldf/xmp/1.0/"
_IPTC_CORE = "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/"
_PREFIXES = {
    "x": _X, "rdf": _RDF, "dc": _DC, "xmpRights": _XMP_RIGHTS,
    "photoshop": _PHOTOSHOP, "plus": _PLUS, "Iptc4xmpCore": _IPTC_CORE,
}  # fmt: skip
KEPT = frozenset(
    f"{{{namespace}}}{name}"
    for namespace, names in (
        (_DC, ("creator", "rights")),
        (_XMP_RIGHTS, ("Marked", "Owner", "UsageTerms", "WebStatement", "Certificate")),
        (_PHOTOSHOP, ("Credit", "Source")),
        (_PLUS, ("Licensor", "CopyrightOwner", "ImageCreator")),
        (_IPTC_CORE, ("CreatorContactInfo",)),
    )
    for name in names
)
_FROM_IIM = {  # IPTC-IIM dataset (record 2) -> its XMP property and how the property holds values
    80: (f"{{{_DC}}}creator", "Seq"),  # By-line
    116: (f"{{{_DC}}}rights", "Alt"),  # Copyright Notice
    110: (f"{{{_PHOTOSHOP}}}Credit", None),  # Credit Line
    115: (f"{{{_PHOTOSHOP}}}Source", None),  # Source
}
_MAX_PACKET = 1 << 20  # bytes: real XMP fits in a JPEG segment's 64 KiB; more is not read
XMP_KEY = "XML:com.adobe.xmp"  # the PNG text keyword that holds XMP
JPEG_XMP_HEADER = b"http://ns.adobe.com/xap/1.0/\x00"  # starts a JPEG APP1 segment holding XMP


def rights_packet(image: ImageFile.ImageFile) -> bytes | None:
    """Return an XMP packet with only the rights statements of the opened `image`, or None if it has none."""
    kept = _from_xmp(_xmp_of(image))
    for dataset, values in _iim_rights(image).items():
        tag, container = _FROM_IIM[dataset]
        if not any(element.tag == tag for element in kept):
            kept.append(_property(tag, container, values))
    return _packet(kept) if kept else None


def _xmp_of(image: Image.Image) -> bytes | None:
    """Return the image's XMP packet as Pillow read it (JPEG, WebP, AVIF: `xmp`; PNG: its text keyword)."""
    packet = image.info.get("xmp") or image.info.get(XMP_KEY)
    if isinstance(packet, str):
        packet = packet.encode("utf-8", "replace")
    return packet if isinstance(packet, bytes) and len(packet) <= _MAX_PACKET else None


def _from_xmp(packet: bytes | None) -> list[ET.Element]:
    """Return the rights properties of an XMP packet as elements, attributes of a description included.

    A packet that does not parse, or declares a document type (which XMP never needs, and
    which is how an entity bomb starts), keeps nothing.
    """
    if packet is None or b"<!DOCTYPE" in packet or b"<!ENTITY" in packet:
        return []
    try:
        root = ET.fromstring(packet.strip(b"\x00 \r\n\t"))
    except ET.ParseError:
        return []
    kept: list[ET.Element] = []
    for description in root.iter(f"{{{_RDF}}}Description"):
        for name, value in description.attrib.items():
            if name in KEPT:
                element = ET.Element(name)
                element.text = value
                kept.append(element)
        kept.extend(copy.deepcopy(child) for child in description if child.tag in KEPT)
    return kept


def _iim_rights(image: ImageFile.ImageFile) -> dict[int, list[str]]:
    """Return the IPTC-IIM rights datasets of a JPEG, as text, by dataset number."""
    if image.format != "JPEG":
        return {}
    try:
        record = IptcImagePlugin.getiptcinfo(image) or {}
    except (OSError, SyntaxError, ValueError, IndexError):
        return {}
    found = {}
    for dataset in _FROM_IIM:
        values = record.get((2, dataset))
        values = values if isinstance(values, list) else [values] if values else []
        texts = [_text(value) for value in values if isinstance(value, bytes) and value.strip()]
        if texts:
            found[dataset] = texts
    return found


def _text(value: bytes) -> str:
    """Decode an IIM value: UTF-8 in current files, Latin-1 in old ones."""
    try:
        return value.decode("utf-8").strip()
    except UnicodeDecodeError:
        return value.decode("latin-1").strip()


def _property(tag: str, container: str | None, values: list[str]) -> ET.Element:
    """Return an XMP property holding `values`: a plain value, an ordered list or a language alternative."""
    element = ET.Element(tag)
    if container is None:
        element.text = values[0]
        return element
    holder = ET.SubElement(element, f"{{{_RDF}}}{container}")
    for value in values if container == "Seq" else values[:1]:
        item = ET.SubElement(holder, f"{{{_RDF}}}li")
        if container == "Alt":
            item.set("{http://www.w3.org/XML/1998/namespace}lang", "x-default")
        item.text = value
    return element


def _packet(properties: list[ET.Element]) -> bytes:
    """Wrap the properties in one description of a complete, read-only XMP packet."""
    root = ET.Element(f"{{{_X}}}xmpmeta")
    description = ET.SubElement(ET.SubElement(root, f"{{{_RDF}}}RDF"), f"{{{_RDF}}}Description")
    description.set(f"{{{_RDF}}}about", "")
    description.extend(properties)
    for prefix, namespace in _PREFIXES.items():
        ET.register_namespace(prefix, namespace)
    body = ET.tostring(root, encoding="unicode")
    return f'<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>{body}<?xpacket end="r"?>'.encode()


def read_rights(data: bytes, image_format: str) -> bytes | None:
    """Return the rights packet of an encoded image, None when it has none or does not open."""
    try:
        with Image.open(io.BytesIO(data), formats=[image_format.upper()]) as image:
            return rights_packet(image)
    except (OSError, ValueError, SyntaxError):
        return None
