from django.urls import path

from masthead.search import views

app_name = "search"

urlpatterns = [
    path("search/", views.results, name="results"),
    path("search.json", views.results_json, name="results_json"),
    path("opensearch.xml", views.opensearch, name="opensearch"),
]
