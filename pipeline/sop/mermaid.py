"""The SOP as a Mermaid flowchart, the steps coloured by the policy's result (GitHub renders Mermaid).

Pure: reads the sop.yml model and the result tree, returns text. Every step of the SOP is drawn in
order; the steps of the change's chains show their state (signed, current, changes requested,
blocked, to come); steps the change does not need are drawn dashed.
"""

from __future__ import annotations

from .config import Sop
from .labels import role_label
from .result import Node, Status

CLASSES = {
    "done": "fill:#d4edda,stroke:#28a745,color:#155724",
    "current": "fill:#fff3cd,stroke:#e0a800,stroke-width:3px,color:#533f03",
    "blocked": "fill:#f8d7da,stroke:#dc3545,color:#721c24",
    "todo": "fill:#ffffff,stroke:#6c757d,color:#343a40",
    "other": "fill:#f1f3f5,stroke:#adb5bd,stroke-dasharray:4 3,color:#868e96",
}


def _label(value: str) -> str:
    """Text safe inside a quoted Mermaid label."""
    return (
        value.replace("&", "&amp;").replace('"', "#quot;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", " ")
    )


def step_states(sop: Sop, result: Node) -> dict[str, str]:
    """{step id: done | current | blocked | todo | other} for every step of the SOP."""
    nodes: dict[str, list[Node]] = {}
    for node in result.steps():
        nodes.setdefault(node.step or "", []).append(node)
    current = {node.step for node in result.current_steps()}
    blocked = result.status in (Status.DISAPPROVED, Status.ERROR)
    review_ids = [step.id for step in sop.steps if step.id in nodes]
    first = min((i for i, s in enumerate(sop.steps) if s.id in nodes), default=None)
    last = max((i for i, s in enumerate(sop.steps) if s.id in nodes), default=None)
    states: dict[str, str] = {}
    for index, step in enumerate(sop.steps):
        if step.id in nodes:
            found = nodes[step.id]
            if all(n.status == Status.APPROVED for n in found):
                states[step.id] = "done"
            elif any(n.status == Status.ERROR for n in found):
                states[step.id] = "blocked"
            elif step.id in current:
                states[step.id] = "blocked" if blocked else "current"
            else:
                states[step.id] = "todo"
        elif not step.review and first is not None and last is not None and review_ids:
            # work steps around the chain: the draft is done when it is in review; the upload comes after
            if index < first:
                states[step.id] = "done"
            elif index > last:
                states[step.id] = "current" if result.status == Status.APPROVED else "todo"
            else:
                states[step.id] = "other"
        else:
            states[step.id] = "other"
    return states


def render_flowchart(sop: Sop, result: Node) -> str:
    """A ```mermaid block: the SOP's steps left to right, the current one highlighted."""
    lang = sop.language
    states = step_states(sop, result)
    lines = ["```mermaid", "flowchart LR"]
    ids = []
    for number, step in enumerate(sop.steps, start=1):
        node_id = f"s{number}"
        ids.append(node_id)
        mark = {"done": "✔ ", "current": "▶ ", "blocked": "✖ "}.get(states[step.id], "")
        lines.append(f'  {node_id}["{mark}{_label(step.name)}<br/>{_label(role_label(step.role, lang))}"]')
    if len(ids) > 1:
        lines.append("  " + " --> ".join(ids))
    for name, style in CLASSES.items():
        lines.append(f"  classDef {name} {style}")
    for node_id, step in zip(ids, sop.steps, strict=True):
        lines.append(f"  class {node_id} {states[step.id]}")
    lines.append("```")
    return "\n".join(lines) + "\n"
