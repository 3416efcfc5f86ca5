"""The Content-Security-Policy in a real browser: markup injected into a page on its way (a defaced template,
a compromised proxy, anything the sanitiser never saw) does not run."""

import pytest

from tests.factories import make_article


@pytest.mark.django_db(transaction=True)
def test_an_inline_script_injected_into_a_page_is_refused(live_server, browser):
    article = make_article(headline="Halaman yang disusupi")
    context = browser.new_context()
    page = context.new_page()
    refusals = []
    page.on(
        "console", lambda message: refusals.append(message.text) if "Content Security Policy" in message.text else None
    )

    def inject(route):
        response = route.fetch()
        hostile = "<script>window.defaced = true</script><img src=x onerror='window.defaced = true'></body>"
        route.fulfill(response=response, body=response.text().replace("</body>", hostile))

    page.route("**/berita/**", inject)
    page.goto(live_server.url + article.get_absolute_url())
    assert page.locator("h1").inner_text() == "Halaman yang disusupi"
    assert page.evaluate("() => window.defaced === undefined")
    assert refusals, "the browser reports what it refused"
    context.close()
