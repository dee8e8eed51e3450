"""The partner directory's words: type names and the error sentences the shared catalogue lacks.
English for the type names lives in app/translations/en_partners.py with the templates' strings."""
from __future__ import annotations

from app.i18n import error_text, translate
from models.kernel.enums import PartnerType

# ordered as a librarian thinks of them: schools first, the catch-all last
TYPE_LABELS_LV = {
    PartnerType.SCHOOL.value: "Skola",
    PartnerType.PRESCHOOL.value: "Pirmsskolas izglītības iestāde",
    PartnerType.CULTURE_HOUSE.value: "Kultūras nams",
    PartnerType.NGO.value: "Biedrība (NVO)",
    PartnerType.SENIORS.value: "Senioru apvienība",
    PartnerType.CARE_CENTRE.value: "Sociālās aprūpes centrs",
    PartnerType.UNIVERSITY.value: "Augstskola",
    PartnerType.MUNICIPALITY.value: "Pašvaldība",
    PartnerType.LIBRARY.value: "Bibliotēka",
    PartnerType.OTHER.value: "Cits",
}
CONTACT_LANGUAGE_LV = {"lv": "latviešu", "en": "angļu"}

_ERRORS = {
    "lv": {
        "email_format": "Ierakstiet e-pasta adresi, piemēram, vards@skola.lv.",
        "phone_format": "Tālruņa numurā var būt tikai cipari, atstarpes, + un -.",
        "network_partner_forbidden": "Visa tīkla partnerus (bez bibliotēkas) pievieno un labo koordinatori. Izvēlieties savu bibliotēku.",
        "branch_forbidden": "Partneri var piesaistīt tikai savai bibliotēkai.",
    },
    "en": {
        "email_format": "Enter an email address, for example name@school.lv.",
        "phone_format": "A phone number may hold only digits, spaces, + and -.",
        "network_partner_forbidden": "Partners of the whole network (without a library) are added and edited by coordinators. Choose your library.",
        "branch_forbidden": "You can attach a partner only to your own library.",
    },
}

_REFUSED = {
    "lv": {
        "network": "Šis ir visa tīkla partneris: to labo koordinatori. Jūs to varat skatīt.",
        "branch": "Šis partneris pieder bibliotēkai “{0}”: to labo tās bibliotekāri un koordinatori. Jūs to varat skatīt.",
    },
    "en": {
        "network": "This partner belongs to the whole network: coordinators edit it. You can view it.",
        "branch": "This partner belongs to “{0}”: its librarians and the coordinators edit it. You can view it.",
    },
}


def type_label(code: str | None, language: str) -> str:
    return translate(TYPE_LABELS_LV.get(code or "", code or ""), language)


def partner_error_texts(errors: dict[str, str], language: str) -> dict[str, str]:
    table = _ERRORS["en" if language == "en" else "lv"]
    return {name: table.get(code) or error_text(code, language) for name, code in errors.items()}


def refusal(partner: dict, language: str) -> str:
    """Why this staff member may not edit this partner, and who may."""
    table = _REFUSED["en" if language == "en" else "lv"]
    if partner["branch"] is None:
        return table["network"]
    return table["branch"].format(partner.get("branch_name") or "")
