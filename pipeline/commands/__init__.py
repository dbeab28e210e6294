"""The ``humas`` commands, one module per group; ``pipeline.cli`` loads a module only when one of its
commands runs (or a help page lists it), so nothing here is imported by ``humas --help``'s start-up.

Each module parses, calls one function of the package, prints; it names its commands in ``COMMANDS``
(name → click command), which ``pipeline.cli.COMMANDS`` maps to the module. Nothing but ``pipeline.cli``
imports this package. Imports inside functions below keep a command's start-up to what it uses.

- ``content``: init, new, check, demo
- ``sop``: status, review, merge
- ``site``: build, serve, deploy
- ``publish``: publish, due, outbox, channels (doctor)
- ``github``: gate, ingatkan, github (setup, check), verified-commit
- ``editor``: editor, editor-relay, preview
- ``kunci``: kunci (awal)
- ``report``: lembar, laporan, jangkauan (baca), ingatkan (registered by ``github``)
- ``ralat``: ralat (selesai)
- ``options``: the shared options (``--repo``, ``--now``) and what several commands say
"""
