"""The partner directory's words: type names and the error sentences the shared catalogue lacks.
English for the type names is in the catalogues (app/locale/)."""
from __future__ import annotations

from models.kernel.i18n import N_

from app.kernel.i18n import error_text, translate
from models.kernel.enums import PartnerType

# ordered as a librarian thinks of them: schools first, the catch-all last
TYPE_LABELS_LV = {
    PartnerType.SCHOOL.value: N_("Skola"),
    PartnerType.PRESCHOOL.value: N_("Pirmsskolas izglītības iestāde"),
    PartnerType.CULTURE_HOUSE.value: N_("Kultūras nams"),
    PartnerType.NGO.value: N_("Biedrība (NVO)"),
    PartnerType.SENIORS.value: N_("Senioru apvienība"),
    PartnerType.CARE_CENTRE.value: N_("Sociālās aprūpes centrs"),
    PartnerType.UNIVERSITY.value: N_("Augstskola"),
    PartnerType.MUNICIPALITY.value: N_("Pašvaldība"),
    PartnerType.LIBRARY.value: N_("Bibliotēka"),
    PartnerType.OTHER.value: N_("Cits"),
}
CONTACT_LANGUAGE_LV = {"lv": N_("latviešu"), "en": N_("angļu")}

_ERRORS = {
    "email_format": N_("Ierakstiet e-pasta adresi, piemēram, vards@skola.lv."),
    "phone_format": N_("Tālruņa numurā var būt tikai cipari, atstarpes, + un -."),
    "network_partner_forbidden": N_("Visa tīkla partnerus (bez bibliotēkas) pievieno un labo koordinatori. Izvēlieties savu bibliotēku."),
    "branch_forbidden": N_("Partneri var piesaistīt tikai savai bibliotēkai."),
    # the cooperation page's year (the statistics page's sentence)
    "year_range": N_("Ierakstiet gadu no 2000 līdz 2100."),
}
_REFUSED = {
    "network": N_("Šis ir visa tīkla partneris: to labo koordinatori. Jūs to varat skatīt."),
    "branch": N_("Šis partneris pieder bibliotēkai „{0}”: to labo tās bibliotekāri un koordinatori. Jūs to varat skatīt."),
}


def type_label(code: str | None, language: str) -> str:
    return translate(TYPE_LABELS_LV.get(code or "", code or ""), language)


def partner_error_texts(errors: dict[str, str], language: str) -> dict[str, str]:
    return {name: translate(_ERRORS[code], language) if code in _ERRORS else error_text(code, language) for name, code in errors.items()}


def refusal(partner: dict, language: str) -> str:
    """Why this staff member may not edit this partner, and who may."""
    if partner["branch"] is None:
        return translate(_REFUSED["network"], language)
    return translate(_REFUSED["branch"], language).format(partner.get("branch_name") or "")
