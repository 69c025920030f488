"""Reading exports: as a stream, plain or gzipped, and refusing broken ones."""

import gzip
from pathlib import Path

import pytest

from masthead.wordpress.wxr import ExportReader, WXRError, php_string, scan, upload_path

DATA = Path(__file__).parent / "data"
NEWSROOM = DATA / "newsroom.xml"  # made by WordPress 6.1.9 (make_exports.php)


def test_the_first_pass_counts_and_indexes_the_export():
    with scan(NEWSROOM) as index:
        assert index.version == "1.2"
        assert index.title == "The Daily Barta"
        assert index.base_site_url == "https://dailybarta.example"
        posts = {s: n for (kind, s), n in index.counts.items() if kind == "post"}
        assert posts == {
            "publish": 7,
            "draft": 1,
            "pending": 1,
            "future": 1,
            "private": 1,
            "trash": 1,
        }
        assert index.comments == 12  # spam never leaves WordPress
        assert [c.slug for c in index.category_chain("dhaka")] == [
            "news",
            "bangladesh",
            "dhaka",
        ]
        assert index.authors["shahana"].name == "শাহানা পারভীন"
        assert index.guest_authors["tanvir-ahmed"].name == "Tanvir Ahmed"
        assert index.attachments.count == 6
        photo = index.attachments.by_path("2025/07/flood-uttara.jpg")
        assert photo.credit == "Photo: Farida Yasmin"  # from the photo's IPTC data
        assert photo.caption.startswith("A rickshaw puller")
        assert [a.path for a in index.attachments.children(photo.parent)] == [
            "2025/07/flood-uttara.jpg",
            "2025/07/turag-embankment.jpg",
        ]


def test_items_stream_with_their_terms_meta_and_comments():
    items = {item.post_id: item for item in ExportReader(NEWSROOM).items()}
    flood = items[5]
    assert flood.post_type == "post" and flood.status == "publish"
    assert [t.slug for t in flood.terms_in("category")] == ["dhaka"]
    assert flood.meta_value("post_views_count") == "1520"
    assert flood.meta_values("_wp_old_slug") == ["flood-water-reaches-dhaka"]
    assert [(c.id, c.parent, c.approved) for c in flood.comments][:3] == [
        (2, 0, "1"),
        (3, 2, "1"),
        (4, 3, "0"),
    ]


def test_a_gzipped_export_reads_the_same(tmp_path):
    packed = tmp_path / "export.xml.gz"
    packed.write_bytes(gzip.compress(NEWSROOM.read_bytes()))
    plain = [item.post_id for item in ExportReader(NEWSROOM).items()]
    assert [item.post_id for item in ExportReader(packed).items()] == plain


def test_a_truncated_export_is_refused_with_its_line():
    with pytest.raises(WXRError) as caught:
        scan(DATA / "truncated.xml")
    message = str(caught.value)
    last_line = (DATA / "truncated.xml").read_text().count("\n") + 1
    assert f"at line {last_line}, " in message
    assert "ends early" in message and "nothing was imported" in message
    assert "\n" not in message


def test_a_truncated_gzip_is_refused(tmp_path):
    packed = tmp_path / "export.xml.gz"
    packed.write_bytes(gzip.compress(NEWSROOM.read_bytes())[:4000])
    with pytest.raises(WXRError, match="damaged or incomplete gzip"):
        scan(packed)


def test_malformed_xml_names_the_line():
    with pytest.raises(WXRError, match=r"line 29, column \d+: not well-formed"):
        scan(DATA / "malformed.xml")


def test_entities_are_refused(tmp_path):
    bomb = tmp_path / "bomb.xml"
    bomb.write_text(
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]>'
        "<rss><channel><title>&b;</title></channel></rss>"
    )
    with pytest.raises(WXRError, match="entities"):
        scan(bomb)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("<html><body>Hello</body></html>", "not a WordPress export"),
        ("<rss><channel><item><title>x</title></item></channel></rss>", "wxr_version"),
        (
            "<rss><channel><wp:wxr_version xmlns:wp='http://wordpress.org/export/2.0/'>"
            "2.0</wp:wxr_version></channel></rss>",
            "version 2.0",
        ),
    ],
)
def test_other_documents_are_refused(tmp_path, text, words):
    path = tmp_path / "other.xml"
    path.write_text(text)
    with pytest.raises(WXRError, match=words):
        scan(path)


def test_php_serialised_strings_count_bytes():
    serialised = 'a:2:{s:6:"credit";s:9:"ফটো";s:9:"copyright";s:0:"";}'
    assert php_string(serialised, "credit") == "ফটো"
    assert php_string(serialised, "copyright") == ""
    assert php_string("not serialised", "credit") == ""


def test_upload_paths():
    assert upload_path("https://x.example/wp-content/uploads/2025/07/a.jpg") == (
        "2025/07/a.jpg"
    )
    assert upload_path("https://x.example/wp-content/uploads/sites/3/2025/a.jpg") == (
        "2025/a.jpg"
    )
    assert upload_path("https://cdn.other.example/a.jpg") == ""
