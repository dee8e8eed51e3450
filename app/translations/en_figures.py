"""English for the library system's figures (the CSV upload) and the statistics core box."""
STRINGS: dict[str, str] = {
    "Apmeklējumu (pēc durvju skaitītāja), izsniegumu un aktīvos lietotājus, katru ar bērnu daļu, Afiša neskaita pati: tos ielādē no bibliotēkas sistēmas (BIS ALISE) mēneša datiem CSV failā.":
        "Afiša does not count visits (from the door counter), loans and active users, each with the children's share, itself: they are loaded from the library system's (BIS ALISE) monthly figures as a CSV file.",
    "Ielādēt mēneša datus": "Upload monthly figures",
    "Ielādēts {count} mēnesis ({years}), kodējums {encoding}.": "Loaded {count} month ({years}), encoding {encoding}.",
    "Ielādēti {count} mēneši ({years}), kodējums {encoding}.": "Loaded {count} months ({years}), encoding {encoding}.",
    "Fails ir pārāk liels: ne vairāk kā 1 MB. Mēneša dati aizņem dažus kilobaitus — pārbaudiet, vai izvēlēts īstais fails.":
        "The file is too large: at most 1 MB. Monthly figures take a few kilobytes — check that you chose the right file.",
    "Izvēlieties bibliotēku.": "Choose a library.",
    "Izvēlieties CSV failu.": "Choose a CSV file.",
    "CSV fails": "CSV file",
    "Kolonnas (pirmajā rindā):": "Columns (in the first line):",
    "Mēnesis formā 2026-01 vai 01.2026.; atdalītājs semikols, komats vai tabulācija; kodējums UTF-8 vai Windows-1257. Vēlreiz ielādēts mēnesis aizstāj iepriekšējos datus.":
        "The month as 2026-01 or 01.2026.; separated by semicolons, commas or tabs; encoded in UTF-8 or Windows-1257. A month loaded again replaces its earlier figures.",
    "Lejupielādēt paraugu": "Download a template",
    "Ielādēt": "Upload",
    # problems
    "Fails nav ielādēts: tajā ir kļūdas. Izlabojiet tās un ielādējiet failu vēlreiz; neviens mēnesis no šī faila nav saglabāts.":
        "The file was not loaded: it has errors. Correct them and upload the file again; no month of this file has been saved.",
    "Fails": "File",
    "kodējums": "encoding",
    "Failu nevar nolasīt: tas nav ne UTF-8, ne Windows-1257 kodējumā. Excel to saglabājiet kā “CSV UTF-8”.":
        "The file cannot be read: it is neither UTF-8 nor Windows-1257. Save it from Excel as “CSV UTF-8”.",
    "Fails ir tukšs.": "The file is empty.",
    "Failā ir tikai virsraksta rinda, bez neviena mēneša.": "The file has only the heading line and no month.",
    "Trūkst kolonnas “{column}”.": "The column “{column}” is missing.",
    "{line}. rinda: nezināma kolonna “{column}”.": "Line {line}: unknown column “{column}”.",
    "{line}. rinda: kolonna “{column}” ir divreiz.": "Line {line}: the column “{column}” appears twice.",
    "{line}. rinda: “{value}” nav mēnesis. Rakstiet, piemēram, 2026-01 vai 01.2026.":
        "Line {line}: “{value}” is not a month. Write, for example, 2026-01 or 01.2026.",
    "{line}. rinda: nav norādīts mēnesis.": "Line {line}: the month is missing.",
    "{line}. rinda: mēnesis {value} vēl nav pienācis.": "Line {line}: the month {value} has not come yet.",
    "{line}. rinda: mēnesis {value} jau ir {detail}. rindā.": "Line {line}: the month {value} is already on line {detail}.",
    "{line}. rinda, kolonna “{column}”: “{value}” nav vesels skaitlis.": "Line {line}, column “{column}”: “{value}” is not a whole number.",
    "{line}. rinda, kolonna “{column}”: trūkst skaitļa.": "Line {line}, column “{column}”: the number is missing.",
    "{line}. rinda, kolonna “{column}”: skaitlis nevar būt negatīvs ({value}).": "Line {line}, column “{column}”: a number cannot be negative ({value}).",
    "{line}. rinda, kolonna “{column}”: skaitlis {value} ir pārāk liels.": "Line {line}, column “{column}”: the number {value} is too large.",
    "{line}. rinda, kolonna “{column}”: bērnu ({value}) ir vairāk nekā kopā ({detail}).":
        "Line {line}, column “{column}”: more children ({value}) than in total ({detail}).",
    "Failā ir pārāk daudz rindu: ne vairāk kā {value}.": "The file has too many lines: at most {value}.",
    "{line}. rinda: to nevar nolasīt kā CSV (varbūt trūkst noslēdzošo pēdiņu).": "Line {line}: it cannot be read as CSV (perhaps a closing quote is missing).",
    "Un vēl citas kļūdas: {0}.": "And more errors: {0}.",
    "Gaidāmās kolonnas:": "Expected columns:",
    "(vai angliski: month, visits, visits_children, loans, loans_children, active_users, active_users_children)":
        "(or in English: month, visits, visits_children, loans, loans_children, active_users, active_users_children)",
    # the imported months
    "Ielādētie mēneši": "Loaded months",
    "Apmeklējumi": "Visits",
    "Izsniegumi": "Loans",
    "Aktīvie lietotāji": "Active users",
    "t. sk. bērni": "of which children",
    "Ielādēts": "Loaded",
    "Šim gadam vēl nav ielādētu datu.": "No figures have been loaded for this year yet.",
    # the statistics core
    "Statistikas kodols": "Statistics core",
    "Statistikas kodola adrese vai atslēga iestatīta nepareizi, tāpēc ieraksti netiek sūtīti; tie gaida un nepazūd.":
        "The statistics core's address or token is set up wrongly, so records are not sent; they wait and are not lost.",
    "Katra notikušā pasākuma ieraksts (datums, bibliotēka, veids, vieta, apmeklējums) tiek nosūtīts bibliotēkas statistikas kodolam; labojums aizstāj iepriekšējo ierakstu.":
        "A record of every held session (date, library, kind, place, attendance) is sent to the library's statistics core; a correction replaces the earlier record.",
    "Statistikas kodola adrese nav iestatīta (AFISA_CORE_URL), tāpēc ieraksti netiek sūtīti. Tie gaida rindā un tiks nosūtīti, kad adrese būs iestatīta; nekas nepazūd.":
        "No statistics core address is set up (AFISA_CORE_URL), so records are not sent. They wait in the queue and will be sent once the address is set; nothing is lost.",
    "Jūsu bibliotēka": "Your library",
    "Nosūtīti": "Sent",
    "Neizdevās": "Failed",
    "Atkārtoti ievietoti rindā: {0}.": "Queued again: {0}.",
    "Sūtīt neizdevušos vēlreiz": "Send the failed ones again",
    "Pēdējie neizdevušies ieraksti": "The latest failed records",
    "Dzēst": "Delete",
    "Dzēst {0} datus? Statistikā šis mēnesis būs neielādēts.": "Delete the figures of {0}? The statistics will show this month as not imported.",
    "Dzēsti {0} dati.": "The figures of {0} are deleted.",
    "Izvēlētais fails ir tukšs (0 baitu). Pārbaudiet, vai izvēlēts īstais fails.": "The chosen file is empty (0 bytes). Check that it is the right file.",
    "{line}. rinda: mēnesis {value} vēl nav beidzies; tā datus ielādējiet, kad tas būs beidzies.": "Line {line}: the month {value} has not ended yet; upload its figures once it has.",
}
