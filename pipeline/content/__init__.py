"""Drafts: the content of the SOP (arahan, rencana, and the publications of the portal: news, pengumuman,
agenda, halaman; see ``paths``), loaded and validated.

Pure: reads only the files it is given and returns problems as data.
"""
