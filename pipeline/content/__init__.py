"""Drafts: the three kinds of content of the SOP (arahan, rencana, publikasi), loaded and validated.

Pure: reads only the files it is given and returns problems as data.
"""
