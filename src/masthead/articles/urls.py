from django.urls import path

from masthead.articles import views

app_name = "articles"

urlpatterns = [
    path("tags/<str:slug>/", views.tag_page, name="tag"),
    path("latest/", views.latest, name="latest"),
    path("corrections/", views.corrections, name="corrections"),
]
