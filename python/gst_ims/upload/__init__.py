"""The upload room: from the decisions taken to the files the portal accepts, and the
portal's answer back (writer, guards, echoed records, dialect spellings, schemas, files,
the decisions CSV of export-actions, the error file)."""
