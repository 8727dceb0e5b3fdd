"""Words the scale data is made of (deterministically picked in SQL)."""

from __future__ import annotations

ITEMS = [
    "Skrivbord",
    "Kontorsstol",
    "Stol",
    "Konferensbord",
    "Bokhylla",
    "Soffa",
    "Whiteboard",
    "Projektor",
    "Högtalare",
    "Lastcykel",
    "Tält",
    "Scen",
    "Mötesrum",
    "Förvaringsskåp",
    "Hyllsystem",
    "Pallyft",
    "Symaskin",
    "Bänk",
    "Matbord",
    "Lampa",
    "Skärm",
    "Dator",
    "Surfplatta",
    "Elcykel",
    "Kylskåp",
    "Diskmaskin",
    "Gymnastikmatta",
    "Klätterställning",
    "Barnvagn",
    "Rullstol",
    "Rollator",
    "Duschstol",
    "Piano",
    "Mikrofon",
    "Ljudanläggning",
]


ADJECTIVES = [
    "höj- och sänkbart",
    "ergonomisk",
    "i ek",
    "grå",
    "blå",
    "vit",
    "svart",
    "begagnad",
    "nästan ny",
    "stor",
    "liten",
    "stapelbar",
    "med hjul",
    "fällbar",
    "robust",
]


PLACES = [
    "förskolan",
    "skolan",
    "äldreboendet",
    "kommunhuset",
    "biblioteket",
    "simhallen",
    "fritidsgården",
    "förrådet",
    "kulturhuset",
    "idrottshallen",
]


NEED_TOPICS = [
    "Fallolyckor i hemtjänsten",
    "Ensamhet bland äldre",
    "Matsvinn i skolköken",
    "Fukt i förskolornas golv",
    "Långa handläggningstider för bygglov",
    "Trängsel i simhallen",
    "Tunga lyft i vården",
    "Digital delaktighet",
    "Snöröjning på gång- och cykelvägar",
    "Nedskräpning i parker",
    "Energiförbrukning i skolor",
    "Läckage i vattenledningar",
    "Psykisk ohälsa bland unga",
    "Buller i klassrum",
    "Tillgänglighet i lekparker",
    "Transporter av hjälpmedel",
    "Papperslösa möten",
    "Städning av offentliga toaletter",
]


FIRST = [
    "Anna",
    "Erik",
    "Maria",
    "Lars",
    "Karin",
    "Johan",
    "Eva",
    "Per",
    "Sara",
    "Nils",
    "Lena",
    "Omar",
    "Fatima",
    "Mikael",
    "Elin",
    "Ahmed",
    "Ida",
    "Oskar",
    "Linnea",
    "Ali",
]


LAST = [
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Svensson",
    "Gustafsson",
    "Pettersson",
    "Jonsson",
    "Lindberg",
    "Holm",
]


SUPPLIER_WORDS = [
    "Nord",
    "Syd",
    "Innovation",
    "Teknik",
    "Digital",
    "Omsorg",
    "Miljö",
    "Bygg",
    "Data",
    "Logistik",
    "Design",
    "Energi",
    "Vård",
    "Skola",
    "Möbel",
    "Vatten",
]


MUNI_ROLES = ["staff", "staff", "staff", "officer", "coordinator", "logistics", "evaluator"]


STAGES = [
    "need",
    "dialogue",
    "tender",
    "evaluation",
    "award",
    "contract",
    "follow_up",
    "closed",
    "cancelled",
]


PROCEDURES = [
    "innovation_partnership",
    "competitive_dialogue",
    "negotiated",
    "open",
    "pre_commercial",
    "design_contest",
]


CASE_SUBJECTS = [
    "Trygghetslarm",
    "Digitala tillsynskameror",
    "Fallsensorer",
    "Matsvinnsmätning",
    "Fuktsensorer i golv",
    "Laddinfrastruktur",
    "Läsplattor i förskolan",
    "Sensorstyrd städning",
    "Smarta vattenmätare",
    "Robotgräsklippare",
    "Energieffektiv belysning",
    "Elcyklar för hemtjänsten",
    "Ruttplanering för hemtjänsten",
    "Läckagesökning",
    "Solceller på skoltak",
    "Lyfthjälpmedel",
]
