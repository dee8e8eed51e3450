"""The demo's cooperation with partners, in Rožupe library's words of its annual report (section 11,
"Sadarbības partneri, sadarbības formas un aktivitātes", and "Sadarbība novadpētniecības jomā"):
saved through the same domain functions as the cooperation page, for each year the demo has a
programme in. A text left None follows the prefill from what the demo's programme did together."""
from __future__ import annotations

from models.partners import CooperationDraft, save_cooperation, set_credited

# (partner key, forms of cooperation, children's words or None, local-history words or None, in the children's table,
#  in the local-history table)
ROZUPE = [
    ("skola", "Abpusēja dalība pasākumos, to organizēšanā un nodrošināšanā. Pasākumu programmu papildināšana ar dažādiem "
              "priekšnesumiem. Dalība izstāžu rīkošanā, konkursos, projektos. Sadarbība krājuma attīstībā. Kopējs mērķis — "
              "veidot patīkamāku pagasta vidi.",
     "Lasītveicināšanas programma „Bērnu, jauniešu un vecāku žūrija”. Bibliotekārās stundas, tematiskas izstādes.",
     "Novadpētniecības stundas. Skolēnu darbu izstādes: zīmējumu, rokdarbu, radošo darbu. Iesaistīšanās karjeras nedēļas "
     "pasākumos. Virtuālās fotoizstādes.", True, True),
    ("ziluki", "Tematiski pasākumi, izstādes. Iesaistīšanās projektos (Grāmatu starts). Tet sociālā iniciatīva „Tet skoliņa "
               "bērniem”, Bibliokofera aktīva izmantošana.", None, None, True, False),
    ("rozlejas", "Ārējās apkalpošanas punkts. Transporta nodrošināšana. Dalība pasākumos. Pasākumu organizēšana.",
     None, None, False, False),
    ("kulturas_nams", "Palīdzība pasākumu organizēšanā, vadīšanā. Iesaistīšanās pagasta pasākumos. Novadpētniecības materiālu "
                      "izmantošana.", None, "Novadpētniecības materiālu izmantošana pagasta pasākumos.", False, True),
    ("seniori", "Piedalīšanās izstāžu organizēšanā, radošajās nodarbībās. Interneta izmantošanas programmas senioriem.",
     None, "Novadpētniecības izstāžu veidošana, atmiņu stāsti un fotogrāfijas.", False, True),
]
# partners of the year with no programme item together: the central library's advice and interlibrary loans
CREDITED = [("lncb", "SBA pakalpojumu izmantošana. Aktuāla informācija, pieredze, padoms.")]


async def build_cooperation(planner, years: list[int]) -> int:
    """Rožupe's words for each year; returns how many records were written."""
    ids, branch_id = planner.ids, planner.ids.branch["rozupe"]
    staff_id = ids.staff["maija"]["id"]
    written = 0
    for year in years:
        for key, forms, children, local_history, in_children, in_local_history in ROZUPE:
            draft = CooperationDraft(forms=forms, children_text=children, local_history_text=local_history, in_children=in_children,
                                     in_local_history=in_local_history)
            await save_cooperation(ids.partner[key], branch_id, year, draft, version=0, staff_id=staff_id)
            written += 1
        for key, forms in CREDITED:
            version = await set_credited(ids.partner[key], branch_id, year, True, staff_id=staff_id)
            draft = CooperationDraft(forms=forms, children_text=None, local_history_text=None, in_children=False, in_local_history=False)
            await save_cooperation(ids.partner[key], branch_id, year, draft, version=version, staff_id=staff_id)
            written += 1
    return written
