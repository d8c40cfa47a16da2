"""Participatory budgeting engine (placeholder docstring)."""

from .counting import count, rule_from_meta
from .explain import CountResult, ProjectOutcome, render_text
from .instance import PBInstance, Project
from .pabulib import PabulibError, dump_pb, parse_pb, read_pb, write_pb

__all__ = [
    "CountResult",
    "PBInstance",
    "PabulibError",
    "Project",
    "ProjectOutcome",
    "count",
    "dump_pb",
    "parse_pb",
    "read_pb",
    "render_text",
    "rule_from_meta",
    "write_pb",
]
