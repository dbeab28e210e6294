# What vulture cannot see being used (make lint runs `vulture pipeline vulture_allow.py`): names that a
# framework calls (click commands, http.server handlers, mkdocs plugin events, pydantic configuration and
# validators, Decap's local backend actions dispatched by name, Jinja templates reading fields), and
# structural types. Anything else vulture reports is dead code.
# ruff: noqa
_.model_config  # pydantic
_._keys  # pydantic validator
_._email  # pydantic validator
_._revoked_lines  # pydantic validator
_.help_texts  # read by tools/catalogue.py (make messages, tests/test_messages.py)
_.posting_calls  # Channel class data, read by the shared error-path test
_.claimed_at  # a receipt field, kept in the archive for people
_.unsigned  # Lembar Pengesahan field, read by the Jinja templates
_.dasar  # front-matter fields a person writes
_.periode
_.cropped  # preview layout field, read by the Jinja template
_.images_resized  # reported by the site build, read by tests/site/test_feeds.py
_.omitted_files  # mkdocs configuration
_.element  # nh3 attribute-filter callback signature
_.daemon_threads  # socketserver
_.server_version  # http.server
_.log_message  # http.server
_.do_POST  # http.server
_.__getattr__  # module-level lazy import (PEP 562)
_.on_page_markdown  # mkdocs plugin events
_.on_page_context
_.on_post_page
_.on_nav
_.on_env
_.on_post_build
_.on_build_error
_.reused  # fragments.py and split.py: what the cache reused and the child built (their tests read them)
_.delegated
_.not_posted  # click subcommands, registered with their group by the decorator
_.list_packages
_.github_setup
_.github_check
_._entriesByFolder  # Decap CMS local backend actions, dispatched by name
_._entriesByFiles
_._getEntry
_._getMedia
_._getMediaFile
_._unpublishedEntries
_._unpublishedEntry
_._unpublishedEntryDataFile
_._unpublishedEntryMediaFile
_._persistEntry
_._checkAuthor  # humas: the page asks once who is writing
_._updateUnpublishedEntryStatus
_._deleteUnpublishedEntry
_._publishUnpublishedEntry
_._persistMedia
_._deleteFile
_._deleteFiles
_._getDeployPreview
_._getNotes
_._getPRMetadata
_.kunci_awal  # click command (humas kunci awal)
_.tuning  # channel spec data: tests/channels/test_specs.py holds docs/channels/<name>.md to it
_.hosts
_.baca  # click command (humas jangkauan baca)
_.likes  # figures of a post (pipeline.insights.base.Figures, the laporan's reach rows): dumped and rendered
_.shares
_.read_on  # rendered by pipeline/report/templates/jangkauan.html

_.documents  # search.IndexFigures: what bench/search.py reports
_.stemmed  # search.Roots: words given to Sastrawi, counted by bench/search.py and tests/site/test_search.py
_.shard_bytes
_.fragment_bytes
_.darurat  # content.model.Ditarik: read from the front-matter as data by sop.facts and archive.life
_.selesai  # click command (humas ralat selesai)
_.valid_until  # site.model.SitePublication: a pengumuman's berlaku_sampai (the portal kinds fill and read it)
_.locale  # site template data (pipeline/site/templating.py @data), read by the templates
_.image_width
_.image_height
_.href
_.bidang_href
_.audio
_.copied
_.template_class  # Jinja environment setting (pipeline/site/templating.py)
from pipeline.site import listing

listing.item_html  # the listing's pieces as HTML, for the home page's sections (templates card, meta, ...)
listing.meta_html
listing.breadcrumbs_html
listing.pagination_html
