"""Every council's view, linked to its statistical neighbours and its takeovers; or only a few
councils', for the preview's first pages after a save. Views are made through a `ViewCache`
handed in by whoever keeps profiles alive between builds (the preview), so nothing is kept
between calls unless the caller keeps it.
"""

from __future__ import annotations

from ...model import Profile
from .council import CouncilView, council_view
from .takeovers import link_takeovers


class ViewCache:
    """Councils' views, each made once for as long as its profile is current. A view depends only
    on its profile, and the preview keeps unchanged profiles as the same objects between rebuilds,
    so a cache it keeps reuses their views; profiles are compared by identity, as they are mutable."""

    def __init__(self) -> None:
        self.by_profile: dict[int, tuple[Profile, CouncilView]] = {}

    def view(self, profile: Profile) -> CouncilView:
        """The profile's view, made once for as long as the profile is current."""
        cached = self.by_profile.get(id(profile))
        if cached is not None and cached[0] is profile:
            return cached[1]
        view = council_view(profile)
        self.by_profile[id(profile)] = (profile, view)
        return view

    def keep_only(self, profiles: list[Profile], views: list[CouncilView]) -> None:
        """Forget every view but these, the current profiles' (in the same order)."""
        self.by_profile = {id(profile): (profile, view) for profile, view in zip(profiles, views, strict=True)}


def council_views(profiles: list[Profile], cache: ViewCache | None = None) -> list[CouncilView]:
    """Every council, in alphabetical order of name (the home page's default), neighbours linked."""
    cache = ViewCache() if cache is None else cache
    views = [cache.view(profile) for profile in profiles]
    cache.keep_only(profiles, views)
    by_slug = {view.slug: view for view in views}
    for view in views:
        view.neighbours = [by_slug[slug] for slug in view.council.statistical_neighbours if slug in by_slug]
    link_takeovers(views)
    return sorted(views, key=lambda view: (view.council.name.lower(), view.slug))


def council_views_of(profiles: list[Profile], slugs: set[str], cache: ViewCache | None = None) -> list[CouncilView]:
    """Only these councils, neighbours linked: what the preview shows first after a save, without
    going through every other council (at 1,530 councils that takes longer than the page)."""
    cache = ViewCache() if cache is None else cache
    if any(
        profile.slug in slugs or any(predecessor.council in slugs for predecessor in profile.council.predecessors)
        for profile in profiles
        if profile.council.predecessors
    ):  # a change of council is told on each side's page: link them all
        return [view for view in council_views(profiles, cache) if view.slug in slugs]
    by_slug = {profile.slug: profile for profile in profiles}
    views = [cache.view(by_slug[slug]) for slug in sorted(slugs) if slug in by_slug]
    for view in views:
        neighbours = view.council.statistical_neighbours
        view.neighbours = [cache.view(by_slug[slug]) for slug in neighbours if slug in by_slug]
    return views
