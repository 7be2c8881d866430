"""Import .apkg files into a fresh Anki collection with Anki's own backend; print what it holds.

Run by ``test_export_anki_backend.py`` with a Python that has the ``anki`` package (not a
calctutor dependency): ``python anki_import.py COLLECTION PACKAGE...``. Prints one JSON object:
after each import, the number of notes and cards, and every note's GUID, fields and mod time.
"""

import json
import sys

from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest


def main() -> None:
    """Import each package in turn, recording the collection after each."""
    collection = Collection(sys.argv[1])
    steps = []
    try:
        for package in sys.argv[2:]:
            options = ImportAnkiPackageOptions(update_notes=0, with_scheduling=False)
            request = ImportAnkiPackageRequest(package_path=package, options=options)
            log = collection.import_anki_package(request)
            notes = []
            for note_id in collection.find_notes(""):
                note = collection.get_note(note_id)
                notes.append({"guid": note.guid, "fields": list(note.fields), "mod": note.mod})
            cards = collection.find_cards("")
            rendered = [collection.get_card(c).answer() for c in cards]
            steps.append(
                {
                    "notes": notes,
                    "cards": len(cards),
                    "rendered": rendered,
                    "log": str(log.log)[:2000],
                }
            )
    finally:
        collection.close()
    print(json.dumps(steps))


if __name__ == "__main__":
    main()
