"""'You may also like' under every story: relevant, live, no repeats, pins first."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.utils import timezone

from masthead.articles.models import ArticlePage
from masthead.articles.tests.factories import ArticleFactory, SectionFactory
from masthead.discovery.models import PinnedRelatedStory, RelatedStory
from masthead.discovery.related import (
    NEIGHBOURS_PER_STORY,
    compute_related,
    refresh_related,
)

pytestmark = pytest.mark.django_db


def related_titles(client, story) -> list[str]:
    response = client.get(story.url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    block = soup.select_one("aside.slot-related .related-stories")
    if block is None:
        return []
    return [h.get_text(strip=True) for h in block.select(".card-title")]


# Distinct headlines: numbered ones would be near-duplicates of each other.
HEADLINES = [
    "Relief boats reach Chhatak",
    "Army opens shelters in Companiganj",
    "Schools closed across Sunamganj",
    "Dengue fears grow in flooded towns",
    "Power cut across Habiganj district",
    "Tea gardens under water in Moulvibazar",
]


def republish(story):
    story.save_revision().publish()


@pytest.fixture
def national():
    return SectionFactory(slug="national", title="National")


@pytest.fixture
def other():
    return SectionFactory(slug="world", title="World")


def floods(section, title, **kwargs):
    return ArticleFactory(
        parent=section,
        title=title,
        standfirst=kwargs.pop("standfirst", "Rivers in the northeast burst banks."),
        tags=kwargs.pop("tags", ["floods", "sylhet"]),
        **kwargs,
    )


def test_related_stories_share_tags_and_words_and_never_the_story_itself(
    client, national, other
):
    for n in range(3):
        floods(other, HEADLINES[n])
    ArticleFactory(parent=other, title="Parliament passes budget", tags=["budget"])
    story = floods(national, "Floods cut off Sylhet as rivers keep rising")

    titles = related_titles(client, story)
    assert len(titles) == 3
    assert sorted(titles) == sorted(HEADLINES[:3])
    assert story.title not in titles


def test_default_is_four_stories_with_an_excerpt_thumbnail_and_date(client, national):
    for n in range(6):
        floods(
            national,
            HEADLINES[n],
            standfirst="",
            body=[("paragraph", f"<p>Work on wall {n} ended. Then rain came.</p>")],
        )
    story = floods(national, "Floods cut off Sylhet as rivers keep rising")
    response = client.get(story.url)
    soup = BeautifulSoup(response.content, "html.parser")
    cards = soup.select("aside.slot-related .related-stories .card")
    assert len(cards) == 4
    excerpt = cards[0].select_one(".card-excerpt").get_text(strip=True)
    assert excerpt.startswith("Work on wall") and excerpt.endswith("ended.")
    assert cards[0].select_one("time[datetime]") is not None


def test_unpublished_and_future_stories_are_never_related(client, national):
    keep = [floods(national, HEADLINES[n]) for n in range(3)]
    draft = floods(national, "Draft: boats reach the islands")
    draft.unpublish()
    future = floods(national, "Future: rivers fall at last")
    ArticlePage.objects.filter(pk=future.pk).update(
        first_published_at=timezone.now() + timedelta(days=1)
    )
    story = floods(national, "Floods cut off Sylhet as rivers keep rising")

    titles = related_titles(client, story)
    assert sorted(titles) == sorted(k.title for k in keep)


def test_near_duplicates_appear_once_and_never_beside_their_twin(client, national):
    floods(national, "Floods kill dozens in Sylhet as rivers rise")
    floods(national, "Floods kill dozens in Sylhet as rivers rise again")
    for n in range(4):
        floods(national, HEADLINES[n])
    story = floods(national, "FLOODS KILL DOZENS IN SYLHET AS RIVERS RISE!")

    titles = related_titles(client, story)
    assert len(titles) == 4
    assert not [t for t in titles if t.startswith("Floods kill")]

    other = floods(national, "Army joins flood rescue in Sunamganj")
    titles = related_titles(client, other)
    assert len([t for t in titles if t.lower().startswith("floods kill")]) == 1


def test_pinned_stories_come_first(client, national, other):
    for n in range(5):
        floods(national, HEADLINES[n])
    unrelated = ArticleFactory(parent=other, title="Cricket board names captain")
    story = floods(national, "Floods cut off Sylhet as rivers keep rising")
    story.pinned_related.add(PinnedRelatedStory(story=unrelated))
    republish(story)

    titles = related_titles(client, story)
    assert titles[0] == "Cricket board names captain"
    assert len(titles) == 4
    assert RelatedStory.objects.filter(article=story, pinned=True).count() == 1


def test_unpublishing_a_story_removes_it_from_every_related_block(client, national):
    gone = floods(national, "Volunteers rebuild the washed-out bridge")
    stories = [floods(national, HEADLINES[n]) for n in range(5)]
    for story in stories:
        republish(story)  # now each one has seen every other
        assert gone.title in related_titles(client, story)

    gone.specific.unpublish()

    assert not RelatedStory.objects.filter(related=gone).exists()
    for story in stories:
        titles = related_titles(client, story)
        assert gone.title not in titles
        assert len(titles) == 4  # the list was filled again


def test_deleting_a_story_removes_it_and_refills_the_lists(client, national):
    stories = [floods(national, HEADLINES[n]) for n in range(6)]
    for story in stories[:-1]:
        republish(story)
    gone = stories[-1]
    gone.delete()
    for story in stories[:-1]:
        titles = related_titles(client, story)
        assert gone.title not in titles
        assert len(titles) == 4


def test_a_story_with_nothing_in_common_has_no_block(client, national):
    story = ArticleFactory(parent=national, title="Lone story", tags=["unique"])
    assert related_titles(client, story) == []
    assert compute_related(story.pk) == []


def test_a_bulk_loaded_archive_gets_its_lists_from_the_command(client, national):
    stories = [floods(national, HEADLINES[n]) for n in range(5)]
    RelatedStory.objects.all().delete()  # as after `masthead generate-corpus`
    assert related_titles(client, stories[0]) == []

    call_command("compute_related", "--missing", verbosity=0)

    assert RelatedStory.objects.filter(article=stories[0]).count() == 4
    assert len(related_titles(client, stories[0])) == 4


def test_an_older_story_lists_a_newer_one_without_being_republished(
    client, national, other
):
    older = floods(national, "Floods cut off Sylhet as rivers keep rising")
    unrelated = ArticleFactory(
        parent=SectionFactory(slug="sport"), title="Cricket board names captain"
    )
    assert related_titles(client, older) == []  # nothing to relate when it went out

    floods(national, "Relief boats reach Chhatak")
    floods(other, "Army opens shelters in Companiganj")

    titles = related_titles(client, older)
    assert sorted(titles) == [
        "Army opens shelters in Companiganj",
        "Relief boats reach Chhatak",
    ]
    assert related_titles(client, unrelated) == []


def test_publishing_updates_its_neighbours_lists_as_a_recomputation_would(
    national, other
):
    topics = ["river", "budget", "cricket", "port", "garment", "metro", "tea"]
    places = ["Sylhet", "Khulna", "Rajshahi", "Barisal", "Rangpur", "Comilla"]
    for n in range(16):
        floods(
            national if n % 2 else other,
            f"{topics[n % 7].title()} works in {places[n % 6]}",
            standfirst="",
            tags=["floods"] if n % 4 == 0 else [f"{topics[n % 7]}-{n}"],
        )
    story = floods(national, "Floods cut off Sylhet as rivers keep rising")

    listing_it = list(
        RelatedStory.objects.filter(related=story).values_list("article_id", flat=True)
    )
    assert listing_it  # older stories picked it up without being republished
    assert len(listing_it) <= NEIGHBOURS_PER_STORY * 4  # a bounded number
    assert refresh_related(story.pk) == []  # publishing left nothing to change
    for pk in [*compute_related(story.pk), *listing_it]:
        stored = list(
            RelatedStory.objects.filter(article_id=pk)
            .order_by("rank")
            .values_list("related_id", flat=True)
        )
        assert compute_related(pk) == stored  # as a full recomputation makes it
