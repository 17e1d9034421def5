"""Other résumé formats: JSON Resume out and in, and LinkedIn's data export in."""
