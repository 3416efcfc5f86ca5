from django.urls import path

from . import views

app_name = "cities"

urlpatterns = [
    path("kota/", views.city_list, name="city-list"),
    path("kota/<slug:slug>/", views.city_detail, name="city-detail"),
    path("kota/<slug:slug>/agenda/", views.city_agenda, name="city-agenda"),
    path("kota/<slug:slug>/agenda.ics", views.city_ics, name="city-ics"),
    path("agenda/", views.event_list, name="event-list"),
    path("agenda.ics", views.agenda_ics, name="agenda-ics"),
    path("agenda/<slug:slug>/", views.event_detail, name="event-detail"),
    path("agenda/<slug:slug>.ics", views.event_ics, name="event-ics"),
    path("tokoh/<slug:slug>/", views.official_detail, name="official-detail"),
]
