"""WordPress HTML (classic, block editor, shortcodes) → clean story blocks."""

from masthead.wordpress.content import Converter, ImageRef, autop, rich_text

SITE = "https://dailybarta.example"


def convert(html: str, images: dict[int, int] | None = None):
    """The blocks and notes for `html`; images resolve by attachment id."""
    asked: list[ImageRef] = []

    def resolve(ref: ImageRef) -> int | None:
        asked.append(ref)
        return (images or {}).get(ref.attachment_id)

    body = Converter([SITE], resolve).convert(html)
    return body.blocks, body.notes, asked


def kinds(blocks) -> list[str]:
    return [block["type"] for block in blocks]


def test_classic_posts_get_paragraphs_and_line_breaks():
    blocks, _notes, _asked = convert(
        "First line\nsecond line of the same paragraph.\n\nA new paragraph."
    )
    assert [b["value"] for b in blocks] == [
        "<p>First line<br>second line of the same paragraph.</p>",
        "<p>A new paragraph.</p>",
    ]


def test_autop_leaves_block_elements_and_pre_alone():
    html = autop(
        "<h2>Heading</h2>\nText\n\n<pre>keep\n\n  this</pre>\n\n<ul>\n<li>a</li>\n</ul>"
    )
    assert "<p>Text</p>" in html
    assert "<pre>keep\n\n  this</pre>" in html
    assert "<p><li>" not in html and "<p>a</p>" not in html


def test_caption_shortcode_becomes_an_image_with_its_caption():
    blocks, _notes, asked = convert(
        '[caption id="attachment_7" align="aligncenter" width="300"]<a href="x.jpg">'
        '<img class="size-medium wp-image-7" src="https://dailybarta.example/wp-content/'
        'uploads/2025/07/bank-300x200.jpg" alt="Sandbags" width="300" height="200" />'
        "</a> Volunteers filled <em>sandbags</em>.[/caption]",
        images={7: 70},
    )
    assert blocks == [
        {
            "type": "image",
            "value": {
                "image": 70,
                "alt_text": "Sandbags",
                "caption": "Volunteers filled sandbags.",
                "credit": "",
            },
            "id": blocks[0]["id"],
        }
    ]
    assert asked[0].attachment_id == 7


def test_block_editor_markup_maps_block_by_block():
    html = "\n".join(
        [
            '<!-- wp:heading --><h2 class="wp-block-heading">The stand</h2>',
            "<!-- /wp:heading -->",
            "<!-- wp:paragraph --><p>Added 41 in <em>six overs</em>.</p>",
            "<!-- /wp:paragraph -->",
            '<!-- wp:image {"id":5} --><figure class="wp-block-image">',
            '<img src="/a.jpg" alt="Lights" class="wp-image-5"/>',
            "<figcaption>Floodlights.</figcaption></figure><!-- /wp:image -->",
            '<!-- wp:pullquote --><figure class="wp-block-pullquote"><blockquote>',
            "<p>One ball at a time.</p><cite>The batter</cite></blockquote></figure>",
            "<!-- /wp:pullquote -->",
            "<!-- wp:list --><ol><li>48 for 1</li><li>131 for 6</li></ol>",
            "<!-- /wp:list -->",
            '<!-- wp:embed {"url":"https://youtu.be/abc"} -->',
            '<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">',
            "https://youtu.be/abc",
            "</div><figcaption>Highlights</figcaption></figure><!-- /wp:embed -->",
            '<!-- wp:table --><figure class="wp-block-table"><table><thead><tr>',
            "<th>Team</th><th>Score</th></tr></thead><tbody><tr><td>Home</td>",
            "<td>268/9</td></tr></tbody></table></figure><!-- /wp:table -->",
            '<!-- wp:separator --><hr class="wp-block-separator"/>',
            "<!-- /wp:separator -->",
        ]
    )
    blocks, notes, _asked = convert(html, images={5: 50})
    assert kinds(blocks) == [
        "subheading",
        "paragraph",
        "image",
        "pull_quote",
        "paragraph",
        "embed",
        "paragraph",
    ]
    assert blocks[0]["value"] == "The stand"
    assert blocks[1]["value"] == "<p>Added 41 in <i>six overs</i>.</p>"
    assert blocks[2]["value"]["caption"] == "Floodlights."
    assert blocks[3]["value"] == {
        "quote": "One ball at a time.",
        "attribution": "The batter",
    }
    assert blocks[4]["value"] == "<ol><li>48 for 1</li><li>131 for 6</li></ol>"
    assert blocks[5]["value"] == {
        "url": "https://youtu.be/abc",
        "caption": "Highlights",
    }
    assert blocks[6]["value"] == "<p><b>Team | Score</b><br>Home | 268/9</p>"
    assert notes == [("tables became lines of text", "")]


def test_everything_unsafe_is_removed():
    blocks, _notes, _asked = convert(
        '<p onclick="steal()">Safe <a href="javascript:alert(1)">words</a> '
        '<a href="https://example.org/x" target="_blank" rel="nofollow">here</a>'
        "<script>alert('x')</script><style>p{}</style>"
        "<span style='color:red'>red</span>"
        "<iframe src='https://evil.example/'></iframe></p>"
        '<form action="/x"><input name="q"></form>'
    )
    assert blocks == [
        {
            "type": "paragraph",
            "value": '<p>Safe words <a href="https://example.org/x">here</a> red</p>',
            "id": blocks[0]["id"],
        }
    ]


def test_rich_text_keeps_only_what_the_editor_allows():
    assert rich_text("<strong>b</strong> <em>i</em> <u>u</u> <sup>2</sup>") == (
        "<p><b>b</b> <i>i</i> u <sup>2</sup></p>"
    )
    assert rich_text("&nbsp;<br>") == ""


def test_links_to_the_old_site_become_site_relative():
    blocks, notes, _asked = convert(
        '<p><a href="https://dailybarta.example/2025/07/01/pumps/">pumps</a> and '
        '<a href="http://www.dailybarta.example/?p=12#top">more</a> and '
        '<a href="https://other.example/x">elsewhere</a> and '
        '<a href="https://dailybarta.example/wp-content/uploads/2025/budget.pdf">the '
        "tables</a></p>"
    )
    assert blocks[0]["value"] == (
        '<p><a href="/2025/07/01/pumps/">pumps</a> and <a href="/?p=12#top">more</a>'
        ' and <a href="https://other.example/x">elsewhere</a> and <a href="'
        'https://dailybarta.example/wp-content/uploads/2025/budget.pdf">the tables</a>'
        "</p>"
    )
    assert notes == [
        (
            "links to uploaded files kept as they were",
            "https://dailybarta.example/wp-content/uploads/2025/budget.pdf",
        )
    ]


def test_video_and_social_links_become_embeds_never_players():
    blocks, notes, _asked = convert(
        "Before.\n\nhttps://www.youtube.com/watch?v=abc\n\n"
        '<iframe src="https://www.youtube.com/embed/xyz"></iframe>\n\n'
        '<iframe src="https://player.vimeo.com/video/42"></iframe>\n\n'
        '<iframe src="https://maps.example.com/embed"></iframe>\n\n'
        '<blockquote class="twitter-tweet"><p>Hi</p><a href="https://twitter.com/a/'
        'status/1?ref_src=x">May 5</a></blockquote>\n\n'
        "[embed]https://vimeo.com/7[/embed]\n\n"
        '[video src="https://dailybarta.example/wp-content/uploads/clip.mp4"]'
    )
    assert [b["value"]["url"] for b in blocks if b["type"] == "embed"] == [
        "https://www.youtube.com/watch?v=abc",
        "https://www.youtube.com/watch?v=xyz",
        "https://vimeo.com/42",
        "https://twitter.com/a/status/1",
        "https://vimeo.com/7",
    ]
    assert ("embedded frames left out", "https://maps.example.com/embed") in notes
    assert (
        "video files left out",
        "https://dailybarta.example/wp-content/uploads/clip.mp4",
    ) in notes


def test_shortcodes_of_builders_and_widgets_go_their_text_stays():
    blocks, _notes, _asked = convert(
        "[vc_row][vc_column][vc_column_text]Builder text[/vc_column_text][/vc_column]"
        '[/vc_row]\n\n[contact-form-7 id="5" title="Tips"]\n\nThe ban was unfair [sic].'
    )
    assert [b["value"] for b in blocks] == [
        "<p>Builder text</p>",
        "<p>The ban was unfair [sic].</p>",
    ]


def test_gallery_shortcode_shows_each_image():
    _blocks, _notes, asked = convert('[gallery ids="3,4,5"]', images={3: 30, 4: 40})
    assert [ref.attachment_id for ref in asked] == [3, 4, 5]


def test_images_inside_paragraphs_follow_their_text():
    blocks, _notes, _asked = convert(
        '<p>Before <img class="wp-image-9" src="/x.jpg" alt="X"> after.</p>',
        images={9: 90},
    )
    assert kinds(blocks) == ["paragraph", "image", "paragraph"]
    assert [blocks[0]["value"], blocks[2]["value"]] == [
        "<p>Before</p>",
        "<p>after.</p>",
    ]


def test_bangla_text_comes_through_unchanged():
    text = "নতুন অর্থবছরের বাজেটে কৃষি খাতে বরাদ্দ বাড়ানো হয়েছে।"
    blocks, _notes, _asked = convert(
        f"<!-- wp:paragraph --><p>{text}</p><!-- /wp:paragraph -->"
    )
    assert blocks[0]["value"] == f"<p>{text}</p>"
