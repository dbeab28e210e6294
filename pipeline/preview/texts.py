"""What approvers read on the previews, in sop.yml's language (see pipeline.messages).

The templates name each text by a key, ``t("order", n=1, count=3)``; each key stands for one message of
the gettext catalogue, its ``{fields}`` filled in when the template gives them.
"""

from __future__ import annotations

from ..messages import translated


def _texts(language: str) -> dict[str, str]:
    return {
        "title": translated(language, "Preview of the change"),
        "intro": translated(language, "Built from the files of the change {head} as data; no code of the change runs."),
        "none": translated(language, "The change touches no publication."),
        "page": translated(language, "Website page"),
        "posts": translated(language, "Social channel previews"),
        "problems": translated(language, "The draft is not valid (run humas check):"),
        "not_on_site": translated(
            language, "This publication is not shown on the website (the website channel is not chosen)."
        ),
        "no_posts": translated(language, "No social channel."),
        "characters": translated(language, "characters"),
        "utf16": translated(language, "UTF-16 units"),
        "bytes": translated(language, "bytes"),
        "over": translated(language, "over the limit"),
        "more": translated(language, "… more"),
        "crop": translated(language, "cropped to {ratio}"),
        "order": translated(language, "Photo {n} of {count}"),
        "cover": translated(language, "Video cover"),
        "first_frame": translated(language, "Cover: the video's first frame"),
        "thumbnail": translated(language, "Thumbnail"),
        "tags": translated(language, "Tags"),
        "privacy": translated(language, "Privacy"),
        "link": translated(language, "Link"),
        "hidden": translated(language, "+{n} more photos"),
        "account": translated(language, "The institution's account"),
        "back": translated(language, "All previews"),
    }


class Texts:
    def __init__(self, language: str) -> None:
        self._texts = _texts(language)

    def __call__(self, key: str, **values: object) -> str:
        text = self._texts[key]
        return text.format(**values) if values else text


def texts_for(language: str) -> Texts:
    return Texts(language)
