from django.http import HttpResponse


def _todo(request, **kw):
    return HttpResponse("")


city_list = city_detail = event_list = event_detail = official_detail = _todo
