from django.urls import path

from . import views

app_name = "cities"

urlpatterns = [
    path("kota/", views.city_list, name="city-list"),
    path("kota/<slug:slug>/", views.city_detail, name="city-detail"),
    path("agenda/", views.event_list, name="event-list"),
    path("agenda/<slug:slug>/", views.event_detail, name="event-detail"),
    path("tokoh/<slug:slug>/", views.official_detail, name="official-detail"),
]
