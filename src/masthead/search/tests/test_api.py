"""The JSON results for apps and the OpenSearch description for browsers."""

import re
from xml.etree import ElementTree

import pytest

from masthead.articles.tests.factories import AuthorFactory, SectionFactory
from masthead.search.tests.factories import story

pytestmark = pytest.mark.django_db

OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"


def test_json_results_carry_public_fields_only(client):
    section = SectionFactory(title="National", slug="national")
    author = AuthorFactory(title="Sultana Begum")
    story(
        "Metro rail extends hours",
        standfirst="Trains will run until midnight.",
        parent=section,
        slug="metro-rail",
        authors=[author],
    )
    response = client.get("/search.json", {"q": "metro"})
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 1
    assert data["page"] == 1
    (result,) = data["results"]
    assert set(result) == {"headline", "url", "section", "published", "standfirst"}
    assert result["headline"] == "Metro rail extends hours"
    assert result["url"] == "http://testserver/national/metro-rail/"
    assert result["section"] == "National"
    assert result["standfirst"] == "Trains will run until midnight."
    assert re.match(r"\d{4}-\d\d-\d\dT", result["published"])


def test_json_bangla_is_readable(client):
    story("ঢাকায় বন্যা")
    response = client.get("/search.json", {"q": "বন্যা"})
    assert "ঢাকায় বন্যা".encode() in response.content


def test_json_invalid_parameters_are_a_400_with_messages(client):
    response = client.get("/search.json", {"q": "metro", "sort": "random"})
    assert response.status_code == 400
    assert response.json()["errors"]["sort"][0]["message"]


def test_json_page_past_the_end_is_a_404(client):
    response = client.get("/search.json", {"q": "metro", "page": 5})
    assert response.status_code == 404


def test_opensearch_description_parses_and_points_at_search(client):
    response = client.get("/opensearch.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/opensearchdescription+xml")
    root = ElementTree.fromstring(response.content)  # noqa: S314 (our own output)
    assert root.tag == f"{OPENSEARCH}OpenSearchDescription"
    assert 0 < len(root.findtext(f"{OPENSEARCH}ShortName")) <= 16
    templates = {
        url.get("type"): url.get("template") for url in root.iter(f"{OPENSEARCH}Url")
    }
    assert templates["text/html"] == "http://testserver/search/?q={searchTerms}"
    assert templates["application/json"] == (
        "http://testserver/search.json?q={searchTerms}"
    )


def test_every_page_links_the_opensearch_description(client):
    html = client.get("/search/").text
    assert re.search(
        r'<link rel="search" type="application/opensearchdescription\+xml"'
        r' href="/opensearch.xml"',
        html,
    )
