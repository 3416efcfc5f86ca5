"""The gambling vocabulary of Indonesian "judi online" spam, and the domains the published articles link to.

Terms are matched as whole words, disguised or not (``articles.spam``). Left out on purpose, because humas
news uses them every day: "bandar" (Bandar Lampung, bandar udara), "slot" (slot parkir, slot vaksin),
"gacor" (burung gacor at a bird-song contest), "taruhan" and "sabung ayam" alone (police reports); they are
here only in the phrases spam uses. "Judi" stays: an article on "pemberantasan judi online" is held for a
redaktur to release, never refused.
"""

from django.db import migrations

from articles.models.screening import learn_outbound_domains

TERMS = [
    # judi online
    "judi", "judi online", "judol", "judi bola", "judi slot", "judi togel", "judi kartu", "situs judi",
    "agen judi", "bandar judi", "taruhan bola", "taruhan online", "sabung ayam online",
    # slot
    "slot gacor", "situs slot", "slot online", "slot88", "slot777", "slot 4d", "slot resmi", "slot demo",
    "demo slot", "slot dana", "slot pulsa", "slot deposit", "deposit pulsa", "depo 10k", "depo 5k",
    "slot thailand", "server thailand", "slot kamboja", "server kamboja", "slot luar negeri", "agen slot",
    "bandar slot", "akun gacor", "situs gacor", "link gacor", "pola gacor", "jam gacor",
    "gacor hari ini", "bocoran slot", "bocoran rtp", "pola slot", "rtp live", "rtp slot", "rtp gacor",
    "maxwin", "anti rungkad", "scatter hitam", "link alternatif", "jackpot", "zeus", "slot zeus",
    "pragmatic play", "pg soft", "gates of olympus", "mahjong ways", "sweet bonanza",
    "starlight princess", "bonus new member", "free bet", "freechip",
    # togel and toto
    "togel", "togel online", "situs togel", "agen togel", "bandar togel", "toto", "situs toto", "toto macau",
    "toto togel", "toto slot", "bandar toto",
    # casino, cards, sportsbooks
    "casino", "casino online", "kasino", "kasino online", "live casino", "poker online", "idn poker",
    "domino qq", "bandarqq", "pkv games", "sbobet", "parlay", "mix parlay",
    "bandar bola", "agen bola",
]  # fmt: skip


def add_terms(apps, schema_editor):
    SpamTerm = apps.get_model("articles", "SpamTerm")
    SpamTerm.objects.bulk_create([SpamTerm(term=term) for term in TERMS], ignore_conflicts=True)


def remove_terms(apps, schema_editor):
    apps.get_model("articles", "SpamTerm").objects.filter(term__in=TERMS, created_by=None).delete()


def learn_domains(apps, schema_editor):
    learn_outbound_domains(apps.get_model("articles", "Article"), apps.get_model("articles", "OutboundDomain"))


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_spam_hold")]

    operations = [
        migrations.RunPython(add_terms, remove_terms),
        migrations.RunPython(learn_domains, migrations.RunPython.noop),
    ]
