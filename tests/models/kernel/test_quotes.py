"""A title typed with its own quotes is quoted once in a sentence that quotes it."""
from models.kernel.i18n import unquoted


def test_unquoted_title_with_latvian_quotes_loses_its_outer_pair():
    assert unquoted("„Atceroties un pieminot 1991. gada barikādes”") == "Atceroties un pieminot 1991. gada barikādes"


def test_unquoted_title_with_straight_quotes_loses_its_outer_pair():
    assert unquoted('"Dzejas dienas"') == "Dzejas dienas"


def test_unquoted_title_quoting_only_a_part_keeps_its_quotes():
    assert [unquoted("Lasām „Sunāns breiveibā”"), unquoted("„Dzejnieka cepure” un „Sunāns”")] == [
        "Lasām „Sunāns breiveibā”", "„Dzejnieka cepure” un „Sunāns”"]


def test_unquoted_plain_title_is_unchanged():
    assert unquoted("Stāstu pēcpusdiena") == "Stāstu pēcpusdiena"
