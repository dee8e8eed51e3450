"""The demo's library network, from Rožupe library's 2023 annual report: the Līvāni branches,
Rožupe's rooms, venues and service points, its partners and staff."""
from __future__ import annotations

from models.kernel.enums import PartnerType, PlaceKind, Role

NETWORK_NAME = "Līvānu novada bibliotēkas"


def _week(*days: list[list[str]]) -> dict[str, list[list[str]]]:
    """Monday first; an empty day is closed."""
    return {str(day): spans for day, spans in enumerate(days) if spans}


# the report's own figures: Rožupe parish had 1,006 residents in 2023, 185 of them children (RIG010)
BRANCHES = [
    {
        "slug": "livani", "name": "Līvānu novada Centrālā bibliotēka", "short_name": "Centrālā bibliotēka",
        "address": "Rīgas iela 101, Līvāni, Līvānu novads", "is_central": True,
        "weekly_hours": _week(*[[["09:00", "18:00"]]] * 5, [["10:00", "15:00"]]),
    },
    {
        "slug": "rozupe", "name": "Līvānu novada Centrālās bibliotēkas Rožupes bibliotēka",
        "short_name": "Rožupes bibliotēka", "address": "Skolas iela 7, Rožupe, Rožupes pagasts, Līvānu novads",
        "is_central": False, "population": 1006, "children_population": 185,
        "weekly_hours": _week(*[[["09:00", "12:00"], ["12:30", "17:00"]]] * 3, [["10:00", "12:00"], ["12:30", "18:00"]],
                              [["09:00", "12:00"], ["12:30", "15:00"]]),
    },
    {
        "slug": "rudzati", "name": "Līvānu novada Centrālās bibliotēkas Rudzātu bibliotēka",
        "short_name": "Rudzātu bibliotēka", "address": "Skolas iela 5, Rudzāti, Rudzātu pagasts, Līvānu novads",
        "is_central": False,
        "weekly_hours": _week(*[[["09:00", "12:00"], ["12:30", "17:00"]]] * 4, [["09:00", "12:00"], ["12:30", "15:00"]]),
    },
]

# (key, branch slug, name, kind, address)
PLACES = [
    ("lasitava", "rozupe", "Lasītava", PlaceKind.ROOM, ""),
    ("bernu_zona", "rozupe", "Bērnu un jauniešu zona", PlaceKind.ROOM, ""),
    ("izstazu_zale", "rozupe", "Izstāžu zāle", PlaceKind.ROOM, ""),
    ("kulturas_nams", "rozupe", "Rožupes Kultūras nams", PlaceKind.VENUE, "Rožupe, Rožupes pagasts, Līvānu novads"),
    ("skola", "rozupe", "Rožupes pamatskola", PlaceKind.VENUE, "Rožupe, Rožupes pagasts, Līvānu novads"),
    ("rozlejas", "rozupe", "Sociālās aprūpes centrs „Rožlejas”", PlaceKind.SERVICE_POINT, "„Rožlejas”, Rožupes pagasts, Līvānu novads"),
    ("druvas", "rozupe", "Apkalpošanas punkts „Druvas”", PlaceKind.SERVICE_POINT, "„Druvas”, Rožupes pagasts, Līvānu novads"),
    ("lncb_zale", "livani", "Konferenču zāle", PlaceKind.ROOM, ""),
    ("lncb_abonements", "livani", "Abonements", PlaceKind.ROOM, ""),
    ("rudzati_lasitava", "rudzati", "Lasītava", PlaceKind.ROOM, ""),
]

# the service points: (the partner who hosts it, or None; who to ask for there)
SERVICE_POINTS = {
    "rozlejas": ("rozlejas", "Sandra Vītola, sociālā darbiniece, +371 2633 3333"),
    "druvas": (None, "Rita Kalniņa (grāmatas glabā savā mājā „Druvās”), +371 2644 4444"),
}

# (key, name, type, branch slug or None for partners of the whole network)
PARTNERS = [
    ("skola", "Rožupes pamatskola", PartnerType.SCHOOL, "rozupe"),
    ("ziluki", "Pirmsskolas grupa „Zīļuki”", PartnerType.PRESCHOOL, "rozupe"),
    ("kulturas_nams", "Rožupes Kultūras nams", PartnerType.CULTURE_HOUSE, "rozupe"),
    ("seniori", "Rožupes senioru apvienība", PartnerType.SENIORS, "rozupe"),
    ("rozlejas", "Sociālās aprūpes centrs „Rožlejas”", PartnerType.CARE_CENTRE, "rozupe"),
    ("balta_maja", "Biedrība „Baltā māja”", PartnerType.NGO, None),
    ("du", "Daugavpils Universitāte", PartnerType.UNIVERSITY, None),
    ("pagasts", "Rožupes pagasta pārvalde", PartnerType.MUNICIPALITY, "rozupe"),
    ("lncb", "Līvānu novada Centrālā bibliotēka", PartnerType.LIBRARY, None),
]

# (partner key, name, role, email, phone, language): invented people at the report's partners
CONTACTS = [
    ("skola", "Inga Bērziņa", "latviešu valodas skolotāja", "inga.berzina@example.lv", "+371 2611 1111", "lv"),
    ("ziluki", "Līga Ozola", "pirmsskolas grupas vadītāja", "liga.ozola@example.lv", "+371 2622 2222", "lv"),
    ("rozlejas", "Sandra Vītola", "sociālā darbiniece", "sandra.vitola@example.lv", "+371 2633 3333", "lv"),
    ("du", "Emily Carter", "Erasmus+ project coordinator", "emily.carter@example.org", "", "en"),
]

# (username, display name, role, branch slug, email)
STAFF = [
    ("koordinatore", "Anita Kalniņa", Role.COORDINATOR, "livani", "anita.kalnina@example.lv"),
    ("maija", "Maija Jasinska", Role.LIBRARIAN, "rozupe", "maija.jasinska@example.lv"),
    ("ilze", "Ilze Pudāne", Role.LIBRARIAN, "rozupe", "ilze.pudane@example.lv"),
    ("dace", "Dace Vilcāne", Role.LIBRARIAN, "rudzati", "dace.vilcane@example.lv"),
]
