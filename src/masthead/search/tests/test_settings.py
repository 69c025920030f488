"""MASTHEAD_SEARCH_URL picks the search backend, and says how to fix a typo."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from masthead.config.env import search_backends


def test_nothing_set_is_the_database_backend_in_english():
    backend = search_backends("")["default"]
    assert backend == {
        "BACKEND": "masthead.search.backends",
        "SEARCH_CONFIG": "english",
    }


def test_an_elasticsearch_url_selects_wagtails_elasticsearch_backend():
    backend = search_backends("elasticsearch8+https://u:p@search.example.com:9200")[
        "default"
    ]
    assert backend["BACKEND"] == "wagtail.search.backends.elasticsearch8"
    assert backend["URLS"] == ["https://u:p@search.example.com:9200"]
    assert backend["INDEX"] == "masthead"


def test_an_opensearch_url_can_name_its_index():
    backend = search_backends("opensearch2+http://127.0.0.1:9200/?index=news")[
        "default"
    ]
    assert backend["BACKEND"] == "wagtail.search.backends.opensearch2"
    assert backend["URLS"] == ["http://127.0.0.1:9200"]
    assert backend["INDEX"] == "news"


@pytest.mark.parametrize(
    "url", ["elasticsearch://x:9200", "solr+http://x", "elasticsearch8+https://"]
)
def test_a_wrong_url_stops_start_up_with_a_message(url):
    with pytest.raises(ImproperlyConfigured, match="MASTHEAD_SEARCH_URL"):
        search_backends(url)
