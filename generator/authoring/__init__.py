"""The authoring loop: scaffolds (`new`), note import (`import`), and the record of what was sent (`submit`)."""
