"""Agency documents read into stories: every field an editor relies on."""

import pytest

from masthead.wire.formats import WireFormatError, parse_document
from masthead.wire.tests.factories import DATA


def parse(name: str):
    return parse_document((DATA / name).read_bytes())


def test_rss_items_keep_guid_headline_byline_summary_and_photo():
    document = parse("feed.rss")
    assert document.format == "RSS"
    ferry, port = document.stories
    assert ferry.guid == "bna:2026-11-27:national:0412"
    assert ferry.title == "River ferries resume after three-day fog halt"
    assert ferry.byline == "Nasrin Chowdhury"
    assert ferry.standfirst.startswith("Launch services on the southern routes")
    assert ferry.updated_at.isoformat() == "2026-11-27T05:40:00+06:00"
    assert [(i.src, i.credit) for i in ferry.images] == [
        ("photos/ferry.jpg", "BNA / Tanvir Ahmed")
    ]
    # No guid element's text: the permalink is the id.
    assert port.guid == "http://wire.example.org/business/2026/11/27/port-record"
    assert "<p>Officials credited two new gantry cranes" in port.body_html


def test_atom_entries_read_xhtml_and_escaped_html_content():
    flood, storm = parse("entries.atom").stories
    assert flood.guid == "tag:wire.example.org,2026-11-27:world:0077"
    assert "<b>more than 300</b>" in flood.body_html
    assert flood.standfirst == (
        "Five countries will share river-level readings every hour from next monsoon."
    )
    assert flood.images[0].src == "photos/river-gauge.png"
    assert storm.title == "বঙ্গোপসাগরে নিম্নচাপ, সমুদ্রবন্দরে সতর্কসংকেত"
    assert storm.byline == "বিএনএ ডেস্ক"


def test_newsml_text_item_gets_its_associated_picture_item():
    document = parse("story.newsml.xml")
    assert document.format == "NewsML-G2"
    (story,) = document.stories  # the picture item is not a story of its own
    assert story.guid == "urn:newsml:wire.example.org:20261127:sci-0032"
    assert story.dateline == "RAJSHAHI"
    assert story.byline == "Farhana Islam"
    assert story.standfirst.startswith("A new rice line")
    assert "<h2>Next season</h2>" in story.body_html
    assert [(i.src, i.caption, i.credit) for i in story.images] == [
        (
            "photos/rice-plot.jpg",
            "Rice plants in a trial plot near the coast.",
            "BNA / Sohel Rana",
        )
    ]


def test_newsml_cancelled_item_is_marked_withdrawn():
    (story,) = parse("withdrawn.newsml.xml").stories
    assert story.withdrawn


def test_nitf_in_bangla_keeps_its_script_and_takes_media_out_of_the_text():
    document = parse("bangla.nitf.xml")
    (story,) = document.stories
    assert story.guid == "bna-bn-20261127-0145"
    assert story.title == "নদীভাঙনে ঘর হারাল দুই শতাধিক পরিবার"
    assert story.standfirst == "সরকারি ত্রাণ পৌঁছেছে, স্থায়ী বাঁধের দাবি এলাকাবাসীর"
    assert story.dateline == "কুড়িগ্রাম"
    assert story.byline == "নিজস্ব প্রতিবেদক"  # the agency title is credited apart
    assert story.updated_at.isoformat() == "2026-11-27T07:10:00+06:00"
    assert story.images[0].credit == "বিএনএ / রাশেদুল হক"
    assert "media" not in story.body_html
    assert "ভাঙনকবলিত" not in story.body_html  # the caption is not body text


def test_items_without_headline_or_id_are_reported_and_the_rest_kept():
    document = parse("incomplete-items.rss")
    assert [s.guid for s in document.stories] == ["bna:2026-11-27:sport:0052"]
    assert document.problems == [
        "item 1 (bna:2026-11-27:sport:0051): no headline",
        "item 2: no id (guid) to recognise it by",
    ]


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("broken.rss", "not well-formed XML"),
        ("entity-bomb.xml", "refused unsafe XML"),
        ("not-news.xml", "<inventory> is not RSS, Atom, NewsML-G2 or NITF"),
    ],
)
def test_unreadable_documents_are_refused_with_a_reason(name, reason):
    with pytest.raises(WireFormatError, match=reason.replace("(", r"\(")):
        parse(name)


def test_a_changed_story_changes_its_hash_and_a_resent_one_does_not():
    first = parse("feed.rss").stories
    again = parse("feed.rss").stories
    updated = parse("feed-updated.rss").stories
    assert first[0].content_hash() == again[0].content_hash()
    assert first[0].content_hash() != updated[0].content_hash()
    assert first[1].content_hash() == updated[1].content_hash()
