"""Whatever readers type, it is stored as typed and shown as text, never markup."""

from html.parser import HTMLParser

import pytest

from masthead.articles.tests.factories import ArticleFactory
from masthead.comments.models import Comment
from masthead.comments.tests.factories import post

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    "javascript:alert(1)",
    "JaVaScRiPt:alert(document.cookie)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    '" onmouseover="alert(1)',
    "' onfocus='alert(1)' autofocus '",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    "<iframe src=https://evil.example/></iframe>",
    "<style>body{display:none}</style>",
    "<details open ontoggle=alert(1)>",
    "<body onload=alert(1)>",
    "<!--<img src=x onerror=alert(1)>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "{{ settings.SECRET_KEY }} {% debug %}",
    "'; DROP TABLE comments_comment; --",
    "1' OR '1'='1",
    "Robert'); DELETE FROM auth_user WHERE ('1'='1",
    "x" * 10_000,
    "null\x00byte\x00here",
    "bell\x07 and escape\x1b[31m red",
    "\u202egnp.exe \u202dRTL override",
    "مرحبا بالعالم עברית",
    "Z\u0351\u0336a\u0364\u0313l\u0341\u035ag\u0357o\u0310 combining",
    "https://example.org/<script>alert(1)</script>",
    'https://example.org/"onmouseover=alert(1)//',
    "http://example.org/?q=<img src=x onerror=alert(1)>",
    "😀 emoji and \u200b zero width",
]

ALLOWED_TAGS = {
    "h2", "span", "p", "ol", "li", "article", "strong", "a", "time", "div",
    "br", "details", "summary", "form", "label", "input", "textarea", "button",
    "section",
}  # fmt: skip


class Markup(HTMLParser):
    """Collects every tag and attribute in the comments section."""

    def __init__(self):
        super().__init__()
        self.tags, self.attrs = set(), []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attrs.extend(attrs)


def assert_no_reader_markup(html: str) -> None:
    parser = Markup()
    start = html.index('<section id="comments"')
    parser.feed(html[start : html.index("</section>", start)])
    assert parser.tags <= ALLOWED_TAGS, parser.tags - ALLOWED_TAGS
    for name, value in parser.attrs:
        assert not name.startswith("on"), name
        assert name not in {"style", "src", "autofocus", "srcdoc"}, name
        if name == "href":
            assert value.startswith(("https://", "http://", "/", "?", "#")), value


def expected(payload: str) -> str:
    return payload.replace("\x00", "").replace("\x07", "").replace("\x1b", "").strip()


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_hostile_input_is_stored_as_typed_and_shown_as_text(client, payload):
    article = ArticleFactory()
    responses = {
        "name": post(
            client, article, ip="192.0.2.1", email="n@example.org", name=payload
        ),
        "website": post(
            client, article, ip="192.0.2.2", email="w@example.org", website=payload
        ),
        "text": post(
            client, article, ip="192.0.2.3", email="t@example.org", text=payload
        ),
    }
    for field, response in responses.items():
        assert response.status_code in (302, 400), field
        html = response.content.decode()
        if response.status_code == 400:
            assert "Your comment was not posted." in html
            assert_no_reader_markup(html)

    by_email = {c.email: c for c in Comment.objects.all()}
    if "n@example.org" in by_email:
        assert by_email["n@example.org"].name == expected(payload)
    else:
        assert len(expected(payload)) > 80  # too long for a name: refused
        assert "Ensure this value has at most 80 characters" in (
            responses["name"].content.decode()
        )
    if "t@example.org" in by_email:
        assert by_email["t@example.org"].text == expected(payload)
    else:
        assert "Ensure this value has at most 5000 characters" in (
            responses["text"].content.decode()
        )
    if "w@example.org" in by_email:
        assert by_email["w@example.org"].website == expected(payload)
    for comment in by_email.values():
        comment.approve()

    response = client.get(article.url)
    assert response.status_code == 200
    assert_no_reader_markup(response.content.decode())


@pytest.mark.parametrize(
    "fields",
    [
        {"parent": "abc"},
        {"parent": "-1"},
        {"parent": "99999999999999999999999"},
        {"parent": "1\x00"},
        {"email": "nasrin\x00@example.org\x00"},
        {"email": "<script>@example.org"},
        {"token": "\x00" * 10},
        {"token": "x" * 100_000},
        {"homepage": "\x00"},
    ],
    ids=lambda fields: next(iter(fields)),
)
def test_malformed_fields_never_cause_a_server_error(client, fields):
    article = ArticleFactory()
    response = post(client, article, **fields)
    # 413: a body over MASTHEAD_MAX_POST_KB (the 100,000-character token).
    assert response.status_code in (302, 400, 413)
    if "parent" in fields:
        assert "The comment you are replying to is not available." in (
            response.content.decode()
        )
    for comment in Comment.objects.all():
        assert "\x00" not in comment.email


def test_a_huge_article_id_is_not_found(client):
    article = ArticleFactory()
    response = client.post(
        "/comments/post/99999999999999999999999/",
        {"token": ""},
        HTTP_ORIGIN="http://testserver",
    )
    assert response.status_code == 404
    assert client.get(f"/comments/post/{article.pk}/").status_code == 405
