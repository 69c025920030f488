"""The curated front page and section pages: editors' picks, then the latest.

Every slot takes the editor's pick when it is live and already published, else
the latest story not shown higher up the page: a story appears once, whichever
slot wins it first (lead, then the featured row, then the section blocks in
order). The query count depends on the number of section blocks, never on the
size of the archive.
"""

from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone

from masthead.articles.models import (
    LISTING_RELATED,
    ArticlePage,
    HomePage,
    SectionPage,
    attach_sections,
    listing_prefetches,
)
from masthead.discovery.models import SectionFeatured

FEATURED_SLOTS = 4  # one row of cards on a desktop screen
SECTION_STORIES = 4  # per section block, unless the editor says otherwise


@dataclass
class SectionBlock:
    section: SectionPage
    stories: list[ArticlePage] = field(default_factory=list)


def picked_ids(picks) -> list[int]:
    """Story ids of an inline relation, in the editor's order. Works on a
    preview too, where the picks are still in memory."""
    return [pick.story_id for pick in picks.all() if pick.story_id]


def _showable(ids, now) -> dict[int, ArticlePage]:
    """The picked stories that readers may see, by id, in one query."""
    if not ids:
        return {}
    stories = (
        ArticlePage.objects.live()
        .filter(pk__in=set(ids), first_published_at__lte=now)
        .defer("body")
        .select_related(*LISTING_RELATED)
    )
    return {story.pk: story for story in stories}


def _latest(now, exclude, count: int, section=None) -> list[ArticlePage]:
    if count <= 0:
        return []
    stories = ArticlePage.objects.live().filter(first_published_at__lte=now)
    if section is not None:
        stories = stories.in_section(section)
    return list(
        stories.exclude(pk__in=exclude)
        .recent()
        .defer("body")
        .select_related(*LISTING_RELATED)[:count]
    )


def _fill(picks: list[int], found: dict, used: set, slots: int) -> list[ArticlePage]:
    """The picked stories still showable and not shown above, up to `slots`."""
    chosen = []
    for pk in picks:
        if pk in found and pk not in used and len(chosen) < slots:
            chosen.append(found[pk])
            used.add(pk)
    return chosen


def blocks_wanted(home: HomePage) -> list[tuple[SectionPage, int]]:
    """(section, how many) for each front page block: the editor's list, or
    every live section under the front page with SECTION_STORIES each."""
    picks = [pick for pick in home.section_picks.all() if pick.section_id]
    if not picks:
        return [
            (section, SECTION_STORIES)
            for section in SectionPage.objects.live().child_of(home)
        ]
    sections = SectionPage.objects.live().in_bulk({p.section_id for p in picks})
    wanted, seen = [], set()
    for pick in picks:
        if pick.section_id in sections and pick.section_id not in seen:
            seen.add(pick.section_id)
            wanted.append((sections[pick.section_id], pick.count))
    return wanted


def front_page(home: HomePage, now=None) -> dict:
    """The lead, the featured row and the section blocks, deduplicated."""
    now = now or timezone.now()
    lead_picks = picked_ids(home.lead_pick)[:1]
    featured_picks = picked_ids(home.featured_picks)[:FEATURED_SLOTS]
    wanted = blocks_wanted(home)
    section_picks: dict[int, list[int]] = {}
    for pick in SectionFeatured.objects.filter(
        section_id__in=[section.pk for section, _count in wanted]
    ).order_by("sort_order"):
        section_picks.setdefault(pick.section_id, []).append(pick.story_id)
    section_ids = [pk for ids in section_picks.values() for pk in ids]
    found = _showable([*lead_picks, *featured_picks, *section_ids], now)

    used: set[int] = set()
    lead = _fill(lead_picks, found, used, 1)
    featured = _fill(featured_picks, found, used, FEATURED_SLOTS)
    # Section features are kept for their blocks: the rows above must not take them.
    reserved = {pk for pk in section_ids if pk in found}
    missing = (1 - len(lead)) + (FEATURED_SLOTS - len(featured))
    latest = _latest(now, used | reserved, missing)
    used.update(story.pk for story in latest)
    if not lead and latest:
        lead = [latest.pop(0)]
    featured += latest

    blocks = []
    for section, count in wanted:
        stories = _fill(section_picks.get(section.pk, []), found, used, 1)
        stories += _latest(now, used, count - len(stories), section=section)
        used.update(story.pk for story in stories)
        for story in stories:
            story.section = section
        if stories:
            blocks.append(SectionBlock(section, stories))

    top = lead + featured
    attach_sections(top)
    models.prefetch_related_objects(
        top + [story for block in blocks for story in block.stories],
        *listing_prefetches(),
    )
    return {
        "lead": lead[0] if lead else None,
        "featured": featured,
        "section_blocks": blocks,
    }


def section_featured(section: SectionPage, now=None) -> ArticlePage | None:
    """The story the section shows first, if the editor picked one readers may see."""
    picks = picked_ids(section.featured_picks)
    found = _showable(picks, now or timezone.now())
    for pk in picks:
        if pk in found:
            story = found[pk]
            models.prefetch_related_objects([story], *listing_prefetches())
            story.section = section
            return story
    return None
