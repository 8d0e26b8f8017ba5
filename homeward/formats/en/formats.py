"""English: ISO short dates (2025-06-10, 2025-06-10 09:00); Django's English for everything else."""

SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
