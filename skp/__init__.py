"""SKP Indblik: status reports and a dashboard for støtte- og kontaktperson teams."""
