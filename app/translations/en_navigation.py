"""English for the navigation entries added with attendance and statistics."""
STRINGS: dict[str, str] = {
    "Apmeklējums": "Attendance",
    "Statistika": "Statistics",
    "Bibliotēkas sistēmas dati": "Library system figures",
    "Fails vai pieprasījums ir pārāk liels.": "The file or request is too large.",
}
