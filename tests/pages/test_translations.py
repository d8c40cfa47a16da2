"""The English catalogue is complete, compiled, and actually used when a visitor switches language."""

import ast
import gettext
from pathlib import Path

import pytest
from django.conf import settings

LOCALE_DIR = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"
PO_FILE = LOCALE_DIR / "django.po"
MO_FILE = LOCALE_DIR / "django.mo"


def _string(line):
    """The text of one quoted .po string, with its escapes resolved."""
    return ast.literal_eval(line)


def parse_po(path):
    """Entries of a .po file as dicts: flags, msgid, msgid_plural and msgstr / msgstr[n]."""
    entries, current, key = [], None, None
    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            if current and "msgid" in current:
                entries.append(current)
            current, key = None, None
            continue
        if current is None:
            current = {"flags": set()}
        if line.startswith("#~"):
            current["obsolete"] = True
        elif line.startswith("#,"):
            current["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            current[key] += _string(line)
        else:
            key, _, value = line.partition(" ")
            current[key] = _string(value)
    return [entry for entry in entries if not entry.get("obsolete")]


def _translations(entry):
    return [value for key, value in entry.items() if key.startswith("msgstr")]


def test_every_entry_is_translated_and_checked():
    entries = parse_po(PO_FILE)
    messages = [entry for entry in entries if entry["msgid"]]
    assert len(messages) > 1000
    untranslated = [
        e["msgid"] for e in messages if not all(_translations(e)) or not _translations(e)
    ]
    fuzzy = [e["msgid"] or "(header)" for e in entries if "fuzzy" in e["flags"]]
    assert untranslated == []
    assert fuzzy == []


def test_compiled_catalogue_matches_the_po_file():
    """The committed .mo holds every translation of the .po, so it was compiled after the last edit."""
    with MO_FILE.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    stale = []
    for entry in parse_po(PO_FILE):
        if not entry["msgid"]:
            continue
        if "msgid_plural" in entry:
            compiled = catalogue.ngettext(entry["msgid"], entry["msgid_plural"], 1)
            expected = entry["msgstr[0]"]
        else:
            compiled = catalogue.gettext(entry["msgid"])
            expected = entry["msgstr"]
        if compiled != expected:
            stale.append(entry["msgid"])
    assert stale == []


def switch_to_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302


@pytest.mark.django_db
def test_home_page_in_english(client):
    switch_to_english(client)
    body = client.get("/").content.decode()
    assert 'lang="en"' in body
    for english in [
        "Take part in Deventer",
        "Here you help decide about money for your district or village.",
        "Villages (Deventer Buiten)",
        "Skip to content",
    ]:
        assert english in body
    for dutch in [
        "Doe mee in Deventer",
        "Hier beslist u mee over geld",
        "Dorpen (Deventer Buiten)",
        "Naar de inhoud",
    ]:
        assert dutch not in body


@pytest.mark.django_db
def test_login_page_in_english(client):
    switch_to_english(client)
    body = client.get("/inloggen/").content.decode()
    for english in [
        "I live in Deventer",
        "Log in with DigiD. Then you can submit ideas",
        "I work for the municipality or a district team",
        "Log in as a staff member",
    ]:
        assert english in body
    for dutch in ["Ik woon in Deventer", "Ik werk voor de gemeente", "Inloggen als medewerker"]:
        assert dutch not in body


@pytest.mark.django_db
def test_dutch_stays_the_default(client):
    body = client.get("/inloggen/").content.decode()
    assert "Ik woon in Deventer" in body
    assert "I live in Deventer" not in body
