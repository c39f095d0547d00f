"""Where paper metadata comes from: public APIs, fetched with retries, parsed as untrusted text."""
