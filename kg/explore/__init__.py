"""What the explorer shows, as plain data for any shell: labels in every language
(:mod:`.labels`), entity pages (:mod:`.entity`), neighbourhood graphs
(:mod:`.neighbourhood`), paths between two entities (:mod:`.paths`), search
(:mod:`.search`), class listings (:mod:`.listing`), where facts come from
(:mod:`.provenance`), the ontology overview (:mod:`.ontology`), counts (:mod:`.stats`),
the timeline (:mod:`.timeline`) and the query page's results (:mod:`.query_page`).
Reads a :class:`~kg.store.ReadStore`; never writes."""

from kg.explore.entity import describe, entity
from kg.explore.labels import LANG_NAMES, LANGS, labels
from kg.explore.listing import featured, members
from kg.explore.neighbourhood import neighbourhood
from kg.explore.ontology import ontology_overview
from kg.explore.paths import connection
from kg.explore.search import search
from kg.explore.stats import graph_stats
from kg.explore.timeline import timeline

__all__ = ["LANGS", "LANG_NAMES", "connection", "describe", "entity", "featured",
           "graph_stats", "labels", "members", "neighbourhood", "ontology_overview", "search",
           "timeline"]
