"""The arsip aktif: reviews, approval records (Lembar Pengesahan) and publication receipts,
kept as files on the repository's ``arsip`` branch so they travel with every clone, fetch and push."""
