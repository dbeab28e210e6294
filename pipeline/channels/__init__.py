"""Where approved publications go: the website, the outbox (default), and the social platforms."""
