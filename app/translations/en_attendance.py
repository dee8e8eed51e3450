"""English for recording attendance: the dashboard, the form and the item page's attendance table."""
STRINGS: dict[str, str] = {
    "Apmeklējums": "Attendance",
    "Trūkst apmeklējuma": "Attendance missing",
    "Notikušās reizes, kurām vēl nav ierakstīts apmeklējums, vecākās vispirms. Izstādes šeit nav: to apmeklējumu ieraksta izstādes lapā.":
        "Sessions that have taken place and have no attendance yet, oldest first. Exhibitions are not listed: record their visitors on the exhibition's page.",
    "Apmeklējums saglabāts.": "Attendance saved.",
    "Datums": "Date",
    "Ieraksts": "Item",
    "Bibliotēka": "Library",
    "Parādītas vecākās": "Showing the oldest",
    "Visām notikušajām reizēm apmeklējums ir ierakstīts.": "Every session that has taken place has its attendance.",
    "Ierakstīt": "Record",
    "Labot": "Edit",
    "Saglabāts": "Saved",
    "Saglabāt": "Save",
    "Atcelt": "Cancel",
    "Atpakaļ": "Back",
    "Ierakstīts": "Recorded",
    "labots": "last changed",
    "versija": "version",
    "Reize": "Session",
    "Darbības": "Actions",
    "Nav ierakstīts": "Not recorded",
    "ierakstīja apmeklējumu": "recorded attendance",
    "laboja apmeklējumu": "corrected attendance",
    "Pašlaik saglabāts": "Saved now",
    "Lūdzu, izlabojiet atzīmētos laukus.": "Please correct the marked fields.",
    # the figures (templates/attendance/_labels.html)
    "Apmeklētāji kopā": "Visitors in total",
    "Dalībnieki kopā": "Participants in total",
    "Bērni līdz 18 g.": "Children under 18",
    "Pieaugušie": "Adults",
    "Pavadošie pieaugušie": "Accompanying adults",
    "Tiešsaistē": "Online",
    "Izsniegtie komplekti": "Kits handed out",
    "Izsniegtie izdevumi": "Items taken out",
    "Atgrieztie izdevumi": "Items returned",
    "Apkalpotie lasītāji": "Readers served",
    "Tukšs lauks nozīmē 0. Ja kopējo skaitu neieraksta, to saskaita no bērniem un pieaugušajiem; ja neieraksta pieaugušos, tos aprēķina no kopējā skaita.":
        "A blank field means 0. Without a total, children and adults are added up; without adults, they are the total minus the children.",
    "Dalībnieki kopā ir bērni un pavadošie pieaugušie kopā.": "Participants in total are the children and the accompanying adults together.",
    "Tukšs lauks nozīmē 0.": "A blank field means 0.",
    # removing attendance recorded by mistake (templates/attendance/_remove.html)
    "Dzēst apmeklējumu": "Remove attendance",
    "ja šī reize nenotika": "if this session did not take place",
    "Jā, dzēst apmeklējumu": "Yes, remove the attendance",
    "Apmeklējums izdzēsts.": "Attendance removed.",
    "Šai reizei apmeklējums nav ierakstīts.": "This session has no attendance recorded.",
    "Dzēsiet apmeklējumu tikai tad, ja šī reize nenotika. Skaitļi paliks ieraksta izmaiņu vēsturē, statistikas kodolam tiks paziņots, ka ieraksts atsaukts, un ieraksts vairs nebūs atzīmēts kā noticis.":
        "Remove the attendance only if this session did not take place. The figures stay in the item's history, "
        "the statistics core is told the record is withdrawn, and the item is no longer marked as held.",
    # the item history's words (app/templating.ACTIONS_LV, FIELDS_LV)
    "izdzēsa apmeklējumu": "removed attendance",
    "kopā": "total",
    "bērni": "children",
    "pieaugušie": "adults",
    "tiešsaistē": "online",
    "izsniegtie komplekti": "kits handed out",
    "izsniegtie izdevumi": "items taken out",
    "atgrieztie izdevumi": "items returned",
    "apkalpotie lasītāji": "readers served",
    "Ja kopējo skaitu neieraksta, to saskaita no bērniem un pieaugušajiem. Ja vienu grupu neieraksta, tā ir tas, kas paliek no kopējā skaita; ja neieraksta nevienu, visi dalībnieki ir bērni.":
        "Without a total, it is children and adults added up. A group left blank is what the total leaves of the other; with both blank, every participant is a child.",
    "Ja kopējo skaitu neieraksta, to saskaita no bērniem un pieaugušajiem. Ja vienu grupu neieraksta, tā ir tas, kas paliek no kopējā skaita; ja neieraksta nevienu, visi apmeklētāji ir pieaugušie.":
        "Without a total, it is children and adults added up. A group left blank is what the total leaves of the other; with both blank, every visitor is an adult.",
    "Dalībnieki kopā ir bērni un pavadošie pieaugušie kopā. Komplektu nav vairāk nekā bērnu.":
        "Participants are the children and the adults with them together. There are no more kits than children.",
}
