import io

from PIL import Image

from masthead.demo import images
from masthead.demo.textgen import NewsWriter, body_text
from masthead.demo.vocabulary import SECTIONS


def test_story_bodies_have_400_to_1200_words_in_every_section():
    """Every section's stories have bodies of 400 to 1,200 words, with a headline,
    a standfirst and tags; news stories have a dateline."""
    writer = NewsWriter(42)
    for section in SECTIONS:
        for _ in range(100):
            story = writer.story(section)
            words = len(body_text(story.blocks).split())
            assert 400 <= words <= 1200, (section, words)
            assert story.word_count == words
            assert story.headline and story.standfirst and story.tags
            assert story.dateline or section == "opinion"


def test_the_same_seed_writes_the_same_stories():
    """Two writers with one seed write identical stories; another seed differs."""
    first = [NewsWriter(7).story() for _ in range(3)]
    again = [NewsWriter(7).story() for _ in range(3)]
    other = NewsWriter(8).story()
    assert [s.headline for s in first] == [s.headline for s in again]
    assert first[0].blocks == again[0].blocks
    assert other.blocks != first[0].blocks


def test_story_text_is_plain_and_every_slot_is_filled():
    """Generated text needs no HTML escaping and has no unfilled {slot}; every
    tag is in the tag vocabulary the corpus creates."""
    writer = NewsWriter(3)
    vocabulary = set(writer.tag_vocabulary())
    for _ in range(500):
        story = writer.story()
        text = " ".join([story.headline, story.standfirst, body_text(story.blocks)])
        assert not set(text) & set("<>&{}"), text
        assert set(story.tags) <= vocabulary


def test_photos_are_1600_by_900_jpegs_drawn_the_same_from_the_same_seed():
    """A photo is a 1600x900 JPEG; the same seed gives the same bytes."""
    data = images.photo_jpeg(5)
    picture = Image.open(io.BytesIO(data))
    assert picture.format == "JPEG"
    assert picture.size == (1600, 900)
    assert images.photo_jpeg(5) == data
    assert images.photo_jpeg(6) != data
    assert "drawn by the demo's image generator" in images.describe_photo(5)


def test_portraits_are_600_pixel_square_jpegs():
    """An author portrait is a 600x600 JPEG."""
    picture = Image.open(io.BytesIO(images.portrait_jpeg(1, "FR")))
    assert picture.format == "JPEG"
    assert picture.size == (600, 600)
