"""Where changes and reviews live: the local git repository (embedded default) and GitHub."""
