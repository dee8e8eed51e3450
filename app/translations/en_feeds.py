"""English for the feed link pages (templates/feeds/)."""
STRINGS: dict[str, str] = {
    "Mans kalendārs": "My calendar",
    "Jaunā saite": "The new link",
    "Nokopējiet saiti tagad: drošības dēļ tā tiek parādīta tikai vienu reizi.": "Copy the link now: for security it is shown only once.",
    "Abonēšanai kalendārā (webcal)": "To subscribe in a calendar program (webcal)",
    "Saite (https), piemēram, Google kalendāram": "Link (https), e.g. for Google Calendar",
    "Atvērt kalendāra programmā": "Open in a calendar program",
    "Saites stāvoklis": "State of the link",
    "Saite ir aktīva kopš": "The link has been active since",
    "Pēdējoreiz izmantota": "Last used",
    "Ja saite ir pazaudēta, izveidojiet jaunu: vecā pārstās darboties.": "If the link is lost, make a new one: the old one will stop working.",
    "Aktīvas saites nav.": "There is no active link.",
    "Izveidot jaunu saiti": "Make a new link",
    "Izveidot saiti": "Make a link",
    "Atsaukt saiti": "Revoke the link",
    "Privāta saite, ko var abonēt kalendāra programmā. Tajā ir arī iekšējie ieraksti un melnraksti, tāpēc nedodiet to citiem.":
        "A private link to subscribe to in a calendar program. It includes internal entries and drafts, so do not share it.",
    "Publiskie kalendāri": "Public calendars",
    "Visas bibliotēkas": "All libraries",
    "Partnera kalendārs": "Partner's calendar",
    "Saite uz kalendāru ar visu, kurā partneris piedalās, arī iekšējām stundām. Nosūtiet to partnerim; ja tā nonākusi citās rokās, izveidojiet jaunu.":
        "A link to a calendar of everything the partner takes part in, internal lessons included. Send it to the partner; if it has reached other hands, make a new one.",
    "QR kods ar saiti uz kalendāru": "QR code with the calendar link",
    "Noskenējiet ar tālruni, lai pievienotu kalendāru.": "Scan it with a phone to add the calendar.",
}
