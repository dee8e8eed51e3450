"""English for the outbox page (the mail Afiša sends or keeps)."""
STRINGS: dict[str, str] = {
    "Pasta kastīte": "Outbox",
    "Vēstules partneriem, ko Afiša sūta vai ir sūtījusi. Ja serveris nav sasniedzams, vēstule gaida un tiek sūtīta vēlāk; tā nepazūd.":
        "Messages to partners that Afiša sends or has sent. When the mail server cannot be reached, a message waits and is sent later; it is never lost.",
    "Pasta serveris (SMTP) nav iestatīts, tāpēc vēstules netiek sūtītas, bet saglabātas šeit. Nokopējiet tekstu un nosūtiet to no sava e-pasta.":
        "No mail server (SMTP) is set up, so messages are not sent but kept here. Copy the text and send it from your own e-mail.",
    "Vēstule atkal ievietota rindā.": "The message is queued again.",
    "Saņēmējs": "Recipient",
    "Izveidota": "Created",
    "Nosūtīta": "Sent",
    "Nākamais mēģinājums": "Next attempt",
    "Mēģinājumi": "Attempts",
    "Pēdējā kļūda": "Last error",
    "Vēstules teksts": "Message text",
    "Kopēt tekstu": "Copy text",
    "Nokopēts": "Copied",
    "Sūtīt vēlreiz": "Send again",
    "Pasta kastītē vēl nav vēstuļu.": "The outbox has no messages yet.",
    # statuses (app/controllers/outbox.STATUS_LABELS)
    "gaida": "waiting",
    "sūta": "sending",
    "nosūtīts": "sent",
    "neizdevās — ar kļūdu": "failed — with an error",
    "saglabāts (nav SMTP)": "kept (no SMTP)",
}
