"""Language tags as the `lang` attribute takes them (BCP 47): is the primary subtag a real language?

Two-letter primary subtags must be ISO 639-1 codes, embedded below (with their English names, so
`english` can be turned into `en`). Three-letter alphabetic subtags are accepted as they are:
ISO 639-2 and 639-3 hold some 8,000 codes, too many to embed for the few pages that use them.
"""

from __future__ import annotations

import re

# ISO 639-1: code, then its English names separated by "; ".
_TABLE = """
aa Afar|ab Abkhazian|ae Avestan|af Afrikaans|ak Akan|am Amharic|an Aragonese|ar Arabic|as Assamese|av Avaric|
ay Aymara|az Azerbaijani|ba Bashkir|be Belarusian|bg Bulgarian|bh Bihari|bi Bislama|bm Bambara|bn Bengali|
bo Tibetan|br Breton|bs Bosnian|ca Catalan; Valencian|ce Chechen|ch Chamorro|co Corsican|cr Cree|cs Czech|
cu Church Slavic|cv Chuvash|cy Welsh|da Danish|de German|dv Divehi; Dhivehi; Maldivian|dz Dzongkha|ee Ewe|
el Greek|en English|eo Esperanto|es Spanish; Castilian|et Estonian|eu Basque|fa Persian|ff Fulah|fi Finnish|
fj Fijian|fo Faroese|fr French|fy Western Frisian|ga Irish|gd Gaelic; Scottish Gaelic|gl Galician|gn Guarani|
gu Gujarati|gv Manx|ha Hausa|he Hebrew|hi Hindi|ho Hiri Motu|hr Croatian|ht Haitian; Haitian Creole|
hu Hungarian|hy Armenian|hz Herero|ia Interlingua|id Indonesian|ie Interlingue; Occidental|ig Igbo|
ii Sichuan Yi; Nuosu|ik Inupiaq|io Ido|is Icelandic|it Italian|iu Inuktitut|ja Japanese|jv Javanese|
ka Georgian|kg Kongo|ki Kikuyu; Gikuyu|kj Kuanyama; Kwanyama|kk Kazakh|kl Kalaallisut; Greenlandic|km Khmer|
kn Kannada|ko Korean|kr Kanuri|ks Kashmiri|ku Kurdish|kv Komi|kw Cornish|ky Kirghiz; Kyrgyz|la Latin|
lb Luxembourgish; Letzeburgesch|lg Ganda|li Limburgan; Limburger; Limburgish|ln Lingala|lo Lao|lt Lithuanian|
lu Luba-Katanga|lv Latvian|mg Malagasy|mh Marshallese|mi Maori|mk Macedonian|ml Malayalam|mn Mongolian|
mr Marathi|ms Malay|mt Maltese|my Burmese|na Nauru|nb Norwegian Bokmal; Bokmal|nd North Ndebele|ne Nepali|
ng Ndonga|nl Dutch; Flemish|nn Norwegian Nynorsk; Nynorsk|no Norwegian|nr South Ndebele|nv Navajo; Navaho|
ny Chichewa; Chewa; Nyanja|oc Occitan; Provencal|oj Ojibwa|om Oromo|or Oriya|os Ossetian; Ossetic|
pa Panjabi; Punjabi|pi Pali|pl Polish|ps Pushto; Pashto|pt Portuguese|qu Quechua|rm Romansh|rn Rundi|
ro Romanian; Moldavian; Moldovan|ru Russian|rw Kinyarwanda|sa Sanskrit|sc Sardinian|sd Sindhi|
se Northern Sami|sg Sango|si Sinhala; Sinhalese|sk Slovak|sl Slovenian|sm Samoan|sn Shona|so Somali|
sq Albanian|sr Serbian|ss Swati|st Southern Sotho; Sesotho|su Sundanese|sv Swedish|sw Swahili|ta Tamil|
te Telugu|tg Tajik|th Thai|ti Tigrinya|tk Turkmen|tl Tagalog|tn Tswana|to Tongan|tr Turkish|ts Tsonga|
tt Tatar|tw Twi|ty Tahitian|ug Uighur; Uyghur|uk Ukrainian|ur Urdu|uz Uzbek|ve Venda|vi Vietnamese|vo Volapuk|
wa Walloon|wo Wolof|xh Xhosa|yi Yiddish|yo Yoruba|za Zhuang; Chuang|zh Chinese|zu Zulu
"""
LANGUAGES: dict[str, str] = {
    code: names for code, _, names in (entry.strip().partition(" ") for entry in _TABLE.split("|"))
}
# Withdrawn from ISO 639-1 but still registered (deprecated) in the IANA subtag registry and read by
# browsers and screen readers: Java still writes `iw` for Hebrew.
_WITHDRAWN = frozenset({"in", "iw", "ji", "jw", "mo", "sh"})
# Names people write for their own language, beyond the English names above.
_NATIVE_NAMES = {
    "deutsch": "de", "francais": "fr", "français": "fr", "espanol": "es", "español": "es", "italiano": "it",
    "nederlands": "nl", "portugues": "pt", "português": "pt", "svenska": "sv", "polski": "pl", "dansk": "da",
    "norsk": "no", "suomi": "fi", "cestina": "cs", "čeština": "cs", "turkce": "tr", "türkçe": "tr",
}  # fmt: skip
_BY_NAME = {
    **{name.lower(): code for code, names in LANGUAGES.items() for name in names.split("; ")},
    **_NATIVE_NAMES,
}
_SUBTAG = re.compile(r"[A-Za-z0-9]{1,8}")


def is_language_code(subtag: str) -> bool:
    """Tell whether a primary subtag names a language: an ISO 639-1 code or three ASCII letters."""
    code = subtag.lower()
    if len(code) == 2:
        return code in LANGUAGES or code in _WITHDRAWN
    return len(code) == 3 and code.isascii() and code.isalpha()


def is_valid_tag(value: str) -> bool:
    """Tell whether a `lang` value is a language tag whose primary subtag is a real language.

    Subtags are separated by `-` and hold 1 to 8 ASCII letters or digits; case does not matter,
    nor does whitespace around the value.
    """
    subtags = value.strip().split("-")
    return is_language_code(subtags[0]) and all(_SUBTAG.fullmatch(subtag) for subtag in subtags)


def suggest(value: str) -> str | None:
    """Return the tag that `value` most likely means (`en_US` -> `en-US`, `English` -> `en`), or None."""
    parts = [part for part in re.split(r"[-_\s]+", value.strip()) if part]
    if not parts:
        return None
    primary = parts[0].lower()
    code = primary if is_language_code(primary) else _BY_NAME.get(primary)
    if code is None or not all(_SUBTAG.fullmatch(part) for part in parts[1:]):
        return None
    return "-".join([code, *(_conventional_case(part) for part in parts[1:])])


def name(code: str) -> str | None:
    """Return the English name of an ISO 639-1 code (`de` -> German), or None."""
    names = LANGUAGES.get(code.lower())
    return names.split("; ")[0] if names else None


def _conventional_case(subtag: str) -> str:
    """Write a subtag the way BCP 47 recommends: regions upper case, scripts title case."""
    if len(subtag) == 2 and subtag.isalpha():
        return subtag.upper()
    if len(subtag) == 4 and subtag.isalpha():
        return subtag.title()
    return subtag.lower()
