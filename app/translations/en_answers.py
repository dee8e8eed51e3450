"""English for partner confirmations: the partner's answer page (templates/answers/), the item
page's section, the waiting list and the notifications."""
STRINGS: dict[str, str] = {
    # the partner's page
    "Saite nedarbojas": "The link does not work",
    "Šī saite vairs nav derīga. Ja vēlaties atbildēt, lūdzu, sazinieties ar bibliotēku.":
        "This link is no longer valid. If you would like to answer, please contact the library.",
    "Lūdzu, uzgaidiet": "Please wait",
    "No šīs vietas ir saņemts pārāk daudz atbilžu. Lūdzu, mēģiniet vēlreiz pēc dažām minūtēm.":
        "Too many answers have come from here. Please try again in a few minutes.",
    "Labdien": "Hello",
    "Bibliotēka lūdz apstiprināt jūsu dalību.": "The library asks you to confirm your part.",
    "Kad": "When", "Kur": "Where", "No bibliotēkas": "From the library", "Jūsu loma": "Your part",
    "Jūsu atbilde": "Your answer", "Vēl nav atbildēts": "Not answered yet", "Mainīt atbildi": "Change your answer", "Atbildēt": "Answer",
    "reizes; norādīta pirmā": "sessions; the first is shown",
    "Paldies! Jūsu atbilde ir saņemta. Līdz pasākuma sākumam to var mainīt.":
        "Thank you! Your answer has been received. You can change it until the event starts.",
    "Apstiprinu": "I confirm", "Nevaru piedalīties": "I cannot take part", "Piedāvāju citu laiku": "I propose another time",
    "Cits laiks (ja piedāvājat)": "Another time (if you propose one)", "No": "From", "Līdz": "To",
    "Piezīme bibliotēkai": "A note for the library", "Nosūtīt atbildi": "Send the answer",
    "Piedāvātajam laikam jābūt nākotnē.": "The proposed time must be in the future.",
    "Pasākums jau ir sācies, tāpēc atbildi vairs nevar mainīt.": "The event has already started, so the answer can no longer be changed.",
    # the librarian's side
    "Partneru apstiprinājumi": "Partner confirmations", "Šim ierakstam nav partneru.": "This item has no partners.",
    "Partneris": "Partner", "Kontaktpersona": "Contact", "Atbilde": "Answer", "nav e-pasta": "no email",
    "Lūgt apstiprinājumu": "Ask to confirm", "Saite atsaukta": "Link revoked", "Lūgts": "Asked", "Atbildēts": "Answered",
    "Atgādināts": "Reminded", "Piedāvātais laiks": "Proposed time", "Pieņemt piedāvāto laiku": "Accept the proposed time",
    "Atsaukt": "Revoke", "Partnerim nav kontaktpersonu.": "The partner has no contacts.",
    "Nosūtīt lūgumu apstiprināt": "Send the request to confirm",
    "Izvēlieties vismaz vienu kontaktpersonu.": "Choose at least one contact.",
    "Ieraksts ir atcelts vai jau beidzies: partneriem vairs nav ko apstiprināt.": "The item is cancelled or over: there is nothing left for partners to confirm.",
    "Šim partnerim nav piedāvāta cita laika.": "This partner has not proposed another time.",
    "Laiku neizdevās mainīt. Atveriet ierakstu no jauna.": "The time could not be changed. Open the item again.",
    "Gaida": "Waiting", "Ieraksts": "Item", "d.": "d", "st.": "h",
    "Neviens partneris šobrīd negaida atbildi.": "No partner is waiting to answer right now.",
    "Paziņojumi": "Notifications", "Atzīmēt visus kā izlasītus": "Mark all as read", "Izlasīts": "Read",
    "Paziņojumu nav.": "No notifications.", "Nelasīti paziņojumi": "Unread notifications",
    # planner marks
    "gaida partnera atbildi": "awaiting a partner's answer", "partneris atteicās": "a partner declined",
    "partneris piedāvā citu laiku": "a partner proposes another time", "partneri apstiprināja": "partners confirmed",
    # history
    "lūdza partnerim apstiprinājumu": "asked a partner to confirm", "partneris atbildēja": "a partner answered",
    "partnerim nosūtīts atgādinājums": "a reminder went to a partner", "partneriem paziņots par izmaiņām": "partners were told of a change",
    "pieņēma partnera piedāvāto laiku": "accepted the partner's proposed time", "atsauca partnera saiti": "revoked a partner's link",
    "partneris": "partner", "kontaktpersona": "contact", "atbilde": "answer", "piedāvātais laiks": "proposed time",
    "kontaktpersonas": "contacts", "izmaiņas": "changes",
}
