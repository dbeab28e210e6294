"""Development tools of humas (not shipped in the package)."""
