"""Previews for approvers: the publication page and each channel's post, built from a change's files as data."""
