from django.http import HttpResponse


def _todo(request, **kw):
    return HttpResponse("")


home = article_list = article_detail = tag_detail = _todo
