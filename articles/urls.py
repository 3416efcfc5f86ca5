from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("berita/", views.article_list, name="article-list"),
    path("berita/<slug:slug>/", views.article_detail, name="article-detail"),
    path("topik/<slug:slug>/", views.tag_detail, name="tag-detail"),
    path("pratinjau/<str:signed>/", views.preview_link, name="preview-link"),
]
