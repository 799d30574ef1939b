"""One typeface for screen, print and charts: Titillium Web, the typeface of the Italian public administration.

Titillium Web is the typeface of Designers Italia's design system for the
public administration (SIL Open Font License 1.1); the ``fontpkg-titillium-web``
package ships its TrueType files.  Pages embed it (:func:`font_face_css`: the
regular, semibold and italic faces, subset to the Latin characters Italian
needs and packed as WOFF in ``data:`` URIs, so a page stays one offline file
and Chromium embeds the same faces in the PDF); charts draw their text with it
(:func:`use_in_charts`), with DejaVu Sans (shipped with matplotlib) as the
fallback for the few symbols Titillium lacks (Greek letters, √, ≤).

Examples
--------
>>> TYPEFACE
'Titillium Web'
>>> sorted(FACES)
['italic', 'regular', 'semibold']
"""

from __future__ import annotations

import base64
import io
from functools import cache
from pathlib import Path

TYPEFACE = "Titillium Web"
FALLBACK = "DejaVu Sans"
#: face -> (file of fontpkg-titillium-web, CSS weight, CSS style)
FACES = {
    "regular": ("TitilliumWeb-Regular.ttf", 400, "normal"),
    "semibold": ("TitilliumWeb-SemiBold.ttf", 600, "normal"),
    "italic": ("TitilliumWeb-Italic.ttf", 400, "italic"),
}
#: faces the charts use besides those of the pages
CHART_FACES = {"bold": ("TitilliumWeb-Bold.ttf", 700, "normal")}
#: the characters kept in the embedded faces: Basic Latin, Latin-1, Latin Extended-A, general punctuation, €
UNICODES = [*range(0x20, 0x7F), *range(0xA0, 0x180), *range(0x2010, 0x2027), 0x2030, 0x2039, 0x203A, 0x20AC, 0x2212]


def font_file(face: str = "regular") -> Path:
    """The TrueType file of one face of Titillium Web.

    Examples
    --------
    >>> font_file().name
    'TitilliumWeb-Regular.ttf'
    """
    from importlib.resources import files

    return Path(str(files("fontpkg_titillium_web") / "files" / {**FACES, **CHART_FACES}[face][0]))


def subset_woff(path: Path) -> bytes:
    """The face at ``path`` subset to :data:`UNICODES`, as WOFF (zlib) bytes, with fontTools.

    Examples
    --------
    >>> subset_woff(font_file())[:4]
    b'wOFF'
    """
    from fontTools import subset

    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = ["kern", "liga"]  # kerning and the fi/fl ligatures: all body text needs
    options.drop_tables += ["FFTM"]  # FontForge's timestamps: nothing to subset, nothing a reader needs
    font = subset.load_font(str(path), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=UNICODES)
    subsetter.subset(font)
    buffer = io.BytesIO()
    subset.save_font(font, buffer, options)
    return buffer.getvalue()


@cache
def font_face_css() -> str:
    """``@font-face`` rules embedding the three faces (about 25 kB each), for a page's ``<style>``.

    Examples
    --------
    >>> css = font_face_css()
    >>> css.count("@font-face"), "font-family: 'Titillium Web'" in css, "data:font/woff;base64," in css
    (3, True, True)
    """
    rules = []
    for face, (_name, weight, style) in FACES.items():
        data = base64.b64encode(subset_woff(font_file(face))).decode("ascii")
        rules.append(
            f"@font-face {{ font-family: '{TYPEFACE}'; font-weight: {weight}; font-style: {style}; "
            f"font-display: block; src: url(data:font/woff;base64,{data}) format('woff'); }}"
        )
    return "\n".join(rules)


def use_in_charts() -> None:
    """Draw the text of matplotlib charts with Titillium Web (DejaVu Sans for the symbols it lacks).

    Examples
    --------
    >>> use_in_charts()
    >>> import matplotlib
    >>> matplotlib.rcParams["font.family"][:2]
    ['Titillium Web', 'DejaVu Sans']
    """
    import matplotlib
    from matplotlib import font_manager

    known = {entry.name for entry in font_manager.fontManager.ttflist}
    if TYPEFACE not in known:
        for face in (*FACES, *CHART_FACES):  # charts also write titles in bold
            font_manager.fontManager.addfont(str(font_file(face)))
    matplotlib.rcParams["font.family"] = [TYPEFACE, FALLBACK]
