"""Spanish."""
from __future__ import annotations

from toolkit.lang import LanguageProfile
from toolkit.lang._common import COMMON_ABBREVIATIONS, SP, months, session_line

PROFILE = LanguageProfile(
    code="es",
    name="Spanish",
    aliases=("spa", "es-ES", "es-MX", "es-419"),
    function_words=frozenset("""el la los las lo un una unos unas de del al a en y e o u que por para con sin sobre
        entre se su sus le les es son ha han fue ser como más no ni este esta estos estas ese esa ya
        todo todos toda todas""".split()),
    stopwords=tuple("el la los las de del y en que por para con una un es su sus al se lo como más "
                    "sobre".split()),
    abbreviations=COMMON_ABBREVIATIONS | {"sr", "sra", "sres", "sras", "srta", "dra", "lic", "núm", "núms",
                                          "párr", "párrs", "pág", "págs", "cap", "ud", "uds", "vd", "excmo",
                                          "excma", "fdo", "aprox", "ee.uu", "admón", "gral", "ej"},
    # "¿Qué ...?" and "¡...!" open sentences; the boundary may be followed by them
    sentence_boundary=r"""([.!?…]+|\.\.\.)((?:[ \u00a0\u202f]?["'»”’)\]])*)(\s+)(?=[«"“'‘(\[¿¡]?\s*[A-ZÀ-ÖØ-Þ0-9¿¡])""",
    months=months(["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
                   "septiembre", "octubre", "noviembre", "diciembre"], setiembre=9),
    opening_articles=("La", "El"),
    opening_bodies=("Asamblea General", "Consejo de Seguridad", "Consejo Económico y Social",
                    "Consejo de Derechos Humanos", "Conferencia", "Comisión", "Comité", "Consejo", "Asamblea"),
    opening_formulas=("La Asamblea General", "El Consejo de Seguridad", "El Consejo Econ[óo]mico y Social",
                      "El Consejo de Derechos Humanos"),
    preamble_words=frozenset("""
        consciente conscientes convencida convencido preocupada preocupado profundamente teniendo
        alarmada alarmado decidida decidido resuelta resuelto guiada guiado deseosa deseoso persuadida
        persuadido gravemente seriamente sumamente plenamente firmemente reconocida agradecida
        satisfecha complacida alentada consternada indignada observando ahora
        """.split()),
    preamble_suffixes=("ando", "iendo", "endo"),
    not_preamble=frozenset({"cuando", "mando", "comando"}),
    compound_prefixes=frozenset({"no", "anti", "post", "pos", "pre", "sub", "co", "auto", "ex", "vice", "cuasi",
                                 "semi", "socio", "multi", "inter", "intra", "extra", "ultra", "infra"}),
    heading_words=("Preámbulo", "Anexo", "Apéndice"),
    preamble_heading="Preámbulo",
    annex_heading="Anexo",
    article_words=("Artículo", "Art\\."),
    article_first=("primero",),
    goal_words=(f"Objetivo{SP}+",),
    furniture_patterns=(r"^\s*(?:Página|página)\s+\d+(?:\s*(?:de|/)\s*\d+)?\s*$",
                        r"^\s*(?i:Sírvase reciclar)\W*$"),
    front_patterns=(r"^\s*Original\w*\s*:.*$", session_line("período de sesiones"),
                    r"^\s*Temas?\s+\d+.*\bdel programa\b.*$"),
    adoption_line=(r"(?i:^\s*Resolución aprobada por\b.*$)",),
    adoption_patterns=("Resoluci[óo]n aprobada por la Asamblea General el",
                       r"Aprobada por el Consejo de Seguridad en su \S+ sesi[óo]n,? celebrada el"),
    front_fragments=(r"(?i:\bTemas?\s+\d+\S*(?:\s*(?:y|,)\s*\d+\S*)*\s+del\s+programa(?:\s+provisional)?\b)",
                     r"(?i:\bOriginal\s*:\s*\w+\b)",
                     r"(?i:\b(?:Sírvase reciclar)\b)"),
    un_names=("Naciones Unidas",),
    organs=("Asamblea General", "Consejo de Seguridad", "Consejo Econ[óo]mico y Social", "Consejo de Derechos Humanos"),
    distribution_words=("general", "limitada", "reservada"),
    session_words=("período de sesiones",),
    agenda_patterns=(r"Temas?\s+\d+\S*(?:.*?)\s+del\s+programa",),
    hint_words=("naciones unidas", "asamblea general", "período de sesiones", "del programa", "resolución aprobada"),
    general_assembly=("asamblea general",),
)
