"""Team wiki views: page search, author badges, page import and the post-login redirect."""
import base64
import json
import pickle

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .models import Page


@login_required
def search_pages(request):
    query = request.GET.get("q", "").strip()
    with connection.cursor() as cursor:
        # flaw: SQL built by concatenating the search term
        cursor.execute("SELECT id, slug, title FROM wiki_page WHERE title LIKE '%" + query + "%' ORDER BY title")
        rows = cursor.fetchall()
    return JsonResponse({"results": [{"id": r[0], "slug": r[1], "title": r[2]} for r in rows]})


@login_required
def pages_by_tag(request, tag):
    with connection.cursor() as cursor:
        # safe: the tag is passed as a query parameter
        cursor.execute("SELECT id, slug, title FROM wiki_page WHERE tag = %s ORDER BY title", [tag])
        rows = cursor.fetchall()
    return JsonResponse({"results": [{"id": r[0], "slug": r[1], "title": r[2]} for r in rows]})


def page_not_found(request, slug):
    # flaw: reflected XSS, the slug is echoed into HTML unescaped
    return HttpResponse(f"<h1>No page named {slug}</h1><a href='/wiki/'>Back to the wiki</a>", status=404)


def page_archived(request, slug):
    # safe: format_html escapes the slug
    return HttpResponse(format_html("<h1>{} was archived</h1><a href='/wiki/'>Back to the wiki</a>", slug), status=410)


def author_badge(request, username):
    role = request.GET.get("role", "member")
    # flaw: request data marked safe, so the template will not escape it
    badge = mark_safe(f"<span class='badge badge-{role}'>{username}</span>")
    return render(request, "wiki/author.html", {"badge": badge})


def author_card(request, username):
    role = request.GET.get("role", "member")
    # safe: format_html escapes every interpolated value
    badge = format_html("<span class='badge badge-{}'>{}</span>", role, username)
    return render(request, "wiki/author.html", {"badge": badge})


# flaw: CSRF protection switched off on a state-changing view
@csrf_exempt
@require_POST
def import_pages(request):
    # flaw: unpickling request data runs arbitrary code
    pages = pickle.loads(base64.b64decode(request.body))
    created = [Page.objects.create(slug=p["slug"], title=p["title"], body=p["body"]) for p in pages]
    return JsonResponse({"imported": len(created)})


@login_required
@require_POST
def import_pages_json(request):
    try:
        # safe: JSON only yields plain data, and the view keeps CSRF protection
        pages = json.loads(request.body)
    except json.JSONDecodeError:
        return HttpResponseBadRequest("invalid JSON")
    created = [Page.objects.create(slug=p["slug"], title=p["title"], body=p["body"]) for p in pages]
    return JsonResponse({"imported": len(created)})


def after_login(request):
    # flaw: open redirect to whatever ?next= says
    return redirect(request.GET.get("next", "/"))


def after_login_checked(request):
    next_url = request.GET.get("next", "/")
    # safe: only redirect to this site's own host
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        next_url = "/"
    return redirect(next_url)
