"""The daily email digest: compose the day's new papers as an email, then send it over SMTP."""
