from django.urls import path

from masthead.discovery import views

app_name = "discovery"
urlpatterns = [
    path("seen/<int:article_id>.gif", views.seen, name="seen"),
]
