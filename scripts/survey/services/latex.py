"""LaTeX in BibTeX fields made plain Unicode text, with nothing changed silently.

pylatexenc decodes accents, symbols and math letters. What it does not know, or would turn into
something else (`\\textless` dropped, `\\cite` made "<cit.>", `H$_2$O` made "H_2O"), is handled
here: more symbols are known, sub- and superscripts of digits become Unicode ones, and any other
command is refused, naming it, so that no field reaches a paper file with its meaning changed.
The normalisations, as the format page lists them: braces that only protect letters go, `--`
and `---` are dashes and `~` a space, quotes become typographic ones, and text styling
(`\\emph`, `\\textbf`, `\\mathcal` …) is dropped.

Usage::

    latex.to_text(r"p{\\textless}0.05 for $\\beta$ in H$_2$O")   # 'p<0.05 for β in H₂O'
"""

from __future__ import annotations

import re

from pylatexenc import latexwalker
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

_SYMBOLS = {
    "textless": "<", "textgreater": ">", "textperiodcentered": "·", "textbar": "|", "textunderscore": "_",
    "textasciicircum": "^", "textasciitilde": "~", "textquotesingle": "'", "textquotedbl": '"',
    "textbraceleft": "{", "textbraceright": "}", "textdollar": "$", "textpercent": "%", "textnumero": "№",
    "textonehalf": "½", "textonequarter": "¼", "textthreequarters": "¾", "textminus": "−", "textcelsius": "℃",
    "textohm": "Ω", "textperthousand": "‰", "textexclamdown": "¡", "textquestiondown": "¿", "textsterling": "£",
    "texteuro": "€", "textyen": "¥", "textcent": "¢", "textdaggerdbl": "‡", "textdagger": "†",
    "textordfeminine": "ª", "textordmasculine": "º", "hyphen": "-", "textsuperscript": None, "textsubscript": None,
}
"""Symbols pylatexenc does not know or gets wrong (`\\textperiodcentered` is a dot, not "˙");
None: handled below (a sub- or superscript)."""
_REFUSED = frozenset({
    "cite", "citep", "citet", "citealp", "citeauthor", "citeyear", "ref", "eqref", "pageref", "label",
    "footnote", "footnotemark", "footnotetext", "href", "includegraphics", "input", "include", "bibitem",
    "hspace", "vspace", "newline", "linebreak", "par", "item", "begin", "end",
})
"""Commands whose text pylatexenc would make up ("<cit.>", "[]") or lose; a field with one is refused."""
_STYLE = frozenset({"bf", "it", "sc", "rm", "sf", "tt", "em", "sl", "normalfont", "upshape", "itshape", "bfseries",
                    "scshape", "mdseries", "small", "large", "Large", "footnotesize", "scriptsize", "tiny", "huge",
                    "relax", "protect", "string", "texttt", "textnormal", "textup", "textmd", "nocase",
                    "NoCaseChange"})
"""Declarations and styles that only change how text looks: dropped."""
_SUPERSCRIPT = dict(zip("0123456789+-=()ni", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱ", strict=True))
_SUBSCRIPT = dict(zip("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎", strict=True))
_SCRIPT = re.compile(r"(?P<mark>[_^])(?:\{(?P<braced>[^{}]*)\}|(?P<single>[^\s{}\\]))")
_TEXT_SCRIPT = re.compile(r"\\text(?P<kind>super|sub)script\s*\{(?P<content>[^{}]*)\}")
_URL = re.compile(r"\\url\s*\{((?:[^{}]|\{[^{}]*\})*)\}")
_EMPTY_ACCENT = re.compile(r"\\([~^])\s*\{\s*\}")


class NotText(ValueError):
    """The LaTeX holds something that cannot be written as plain text; the message says what."""


def _context():
    db = get_default_latex_context_db()
    known = [MacroTextSpec(name, simplify_repl=text) for name, text in _SYMBOLS.items() if text is not None]
    known += [MacroTextSpec(name, simplify_repl="") for name in _STYLE]
    db.add_context_category("survey", macros=known, prepend=True)
    return db


_DB = _context()
_CONVERTER = LatexNodes2Text(latex_context=_DB, math_mode="text", strict_latex_spaces=False)
_WALKER_DB = latexwalker.get_default_latex_context_db()


def to_text(value: str) -> str:
    """The LaTeX of one BibTeX field as plain Unicode text; NotText for what cannot be."""
    urls: list[str] = []

    def keep_url(match: re.Match[str]) -> str:
        urls.append(verbatim(match.group(1)))
        return f"SURVEYURL{len(urls) - 1}X"

    source = _URL.sub(keep_url, value)
    source = _EMPTY_ACCENT.sub(lambda m: r"\textasciitilde{}" if m.group(1) == "~" else r"\textasciicircum{}", source)
    source = _TEXT_SCRIPT.sub(lambda m: _scripted(m.group("content"), m.group("kind") == "super"), source)
    source = re.sub(r"\$([^$]*)\$", lambda m: "$" + _SCRIPT.sub(_math_script, m.group(1)) + "$", source)
    _refuse_unknown(source)
    text = _CONVERTER.latex_to_text(source)
    text = re.sub(r"SURVEYURL(\d+)X", lambda m: urls[int(m.group(1))], text)
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def verbatim(value: str) -> str:
    """A URL or DOI as the exporter meant it: only the escapes exporters add are undone
    (`{\\_}`, `\\_`, `{\\&}`, `\\%`, `\\#`, `{~}`, `\\~{}`), and braces that protect it; nothing
    else changes, so `--` stays two hyphens."""
    text = re.sub(r"\{\\([_&%#$])\}|\\([_&%#$])", lambda m: m.group(1) or m.group(2), value)
    text = re.sub(r"\\(?:textasciitilde|~)\s*(\{\s*\})?|\{~\}", "~", text)
    return text.replace("{", "").replace("}", "")


def _scripted(content: str, superscript: bool) -> str:
    table = _SUPERSCRIPT if superscript else _SUBSCRIPT
    if not content or any(c not in table for c in content):
        where = "superscript" if superscript else "subscript"
        raise NotText(f"has the {where} '{content}', which plain text cannot show as one")
    return "".join(table[c] for c in content)


def _math_script(match: re.Match[str]) -> str:
    content = match.group("braced") if match.group("braced") is not None else match.group("single")
    return _scripted(content.replace(" ", ""), match.group("mark") == "^")


def _refuse_unknown(source: str) -> None:
    """NotText naming the first command that would not become the text it means."""
    try:
        walker = latexwalker.LatexWalker(source, latex_context=_WALKER_DB, tolerant_parsing=False)
        nodes, _, _ = walker.get_latex_nodes()
    except latexwalker.LatexWalkerError as error:
        raise NotText(f"is not well-formed LaTeX ({str(error).splitlines()[0]})") from None
    for node in _walk(nodes):
        if node.isNodeType(latexwalker.LatexMacroNode):
            name = node.macroname
            if name in _REFUSED or _DB.get_macro_spec(name) is None:
                raise NotText(f"uses the LaTeX command \\{name}, which cannot be written as plain text here")
        elif node.isNodeType(latexwalker.LatexEnvironmentNode):
            raise NotText(f"has a LaTeX environment ({node.environmentname}), which cannot be written as plain text")


def _walk(nodes):  # noqa: ANN001, ANN202 - pylatexenc's node lists
    for node in nodes or ():
        if node is None:
            continue
        yield node
        yield from _walk(getattr(node, "nodelist", None))
        arguments = getattr(node, "nodeargd", None)
        if arguments is not None and getattr(arguments, "argnlist", None):
            yield from _walk(arguments.argnlist)
