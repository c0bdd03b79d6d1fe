#!/usr/bin/env python3
"""Worst-shape pages and feeds for the extraction and feed-parsing budgets.

Each shape is the largest of its kind that fits under `max_body_size` (15 MiB by default):
one element with a million attributes, a million nested elements, millions of tiny ones,
huge comments, scripts, attribute values and text nodes, entity floods, link floods; feeds
with deep wrappers, hundreds of thousands of items, huge CDATA, entity bombs, and JSON Feeds
nested deep or with huge arrays and strings. Pages whose shape allows it carry a short real
article inside, so a run can also check that the article still comes out.

    python3 bench/hostile/gen_shapes.py --out .build-hostile/shapes [--size-mib 15] [--only NAME ...]

Writes NAME.html or NAME.xml / NAME.json files and a manifest.json listing them with their
kind (page or feed) and, for pages, a sentence of the embedded article (or null).
"""
import argparse
import json
import os
import sys

MIB = 1 << 20

ARTICLE_SENTENCE = "The harbour commission voted on Tuesday to rebuild the northern breakwater before winter"
ARTICLE = (
    "<article><h1>Harbour breakwater to be rebuilt</h1>"
    + "".join(
        f"<p>{ARTICLE_SENTENCE}, sentence {i}, after storms in March cracked the old stones, "
        "and the engineers said the work would take about eleven weeks, weather permitting.</p>"
        for i in range(8)
    )
    + "</article>"
)
HEAD = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Harbour breakwater to be rebuilt | Coast News</title></head><body>"
TAIL = "</body></html>"


def fill(unit, budget):
    """`unit` repeated to fill `budget` bytes (at least once)."""
    unit_b = unit.encode() if isinstance(unit, str) else unit
    return unit_b * max(1, budget // len(unit_b))


class Writer:
    def __init__(self, out, size):
        self.out = out
        self.size = size
        self.manifest = []

    def page(self, name, parts, article=True, note=""):
        self._write(name + ".html", parts, "page", ARTICLE_SENTENCE if article else None, note)

    def feed(self, name, parts, ext="xml", note=""):
        self._write(name + "." + ext, parts, "feed", None, note)

    def _write(self, filename, parts, kind, sentence, note):
        path = os.path.join(self.out, filename)
        total = 0
        with open(path, "wb") as f:
            for part in parts:
                b = part.encode() if isinstance(part, str) else part
                f.write(b)
                total += len(b)
        if total > self.size:
            sys.exit(f"{filename}: {total} bytes, over the {self.size}-byte cap")
        self.manifest.append({"file": filename, "kind": kind, "bytes": total, "sentence": sentence, "shape": note})


def room(w, *fixed):
    """Bytes left for the repeated part once the fixed parts are written (a little margin)."""
    return w.size - sum(len(p.encode() if isinstance(p, str) else p) for p in fixed) - 4096


def pages(w):
    shell = HEAD + ARTICLE + TAIL
    # One element with as many attributes as fit (the 4 MB page had 400 000).
    w.page("attrs-400k-4mb", [HEAD, "<div ", "".join(f"a{i}=x " for i in range(400_000)), ">", ARTICLE, "</div>", TAIL],
           note="one element, 400k attributes (4 MB)")
    n = 0
    parts = []
    size = 0
    budget = room(w, shell, "<div >", "</div>")
    while size < budget:
        s = f"a{n}=x "
        parts.append(s)
        size += len(s)
        n += 1
    w.page("attrs-max", [HEAD, "<div ", "".join(parts), ">", ARTICLE, "</div>", TAIL], note=f"one element, {n} attributes")
    # Nesting: a million divs (the 11 MB page), then inline tags, tables, lists, to the cap.
    w.page("nested-div-1m", [HEAD, "<div>" * 1_000_000, ARTICLE, "</div>" * 1_000_000, TAIL], note="1M nested div")
    k = room(w, shell) // len("<div></div>")
    w.page("nested-div-unclosed", [HEAD, "<div>" * (room(w, shell) // 5), ARTICLE, TAIL], note="nested div never closed")
    k = room(w, shell) // len("<b></b>")
    w.page("nested-inline", [HEAD, "<p>", "<b>" * k, ARTICLE_SENTENCE, "</b>" * k, "</p>", ARTICLE, TAIL],
           note=f"{k} nested <b>")
    k = room(w, shell) // len("<span></span>")
    w.page("nested-span", [HEAD, ARTICLE, "<span>" * k, "x", "</span>" * k, TAIL], note=f"{k} nested span")
    unit_open, unit_close = "<table><tr><td>", "</td></tr></table>"
    k = room(w, shell) // (len(unit_open) + len(unit_close))
    w.page("nested-table", [HEAD, unit_open * k, ARTICLE, unit_close * k, TAIL], note=f"{k} nested tables")
    unit_open, unit_close = "<ul><li>", "</li></ul>"
    k = room(w, shell) // (len(unit_open) + len(unit_close))
    w.page("nested-list", [HEAD, unit_open * k, ARTICLE, unit_close * k, TAIL], note=f"{k} nested lists")
    k = room(w, shell) // len("<a href=x>")
    w.page("nested-a-unclosed", [HEAD, ARTICLE, "<a href=x>" * k, TAIL], note="unclosed links")
    k = room(w, shell) // len("<p>")
    w.page("unclosed-p", [HEAD, ARTICLE, "<p>" * k, TAIL], note="millions of unclosed <p>")
    # Flat floods.
    para = "<p>Small paragraph of words, with a comma.</p>\n"
    w.page("small-paragraphs", [HEAD, ARTICLE, fill(para, room(w, shell)), TAIL], note="15 MiB of small <p>")
    w.page("tiny-elements", [HEAD, ARTICLE, fill("<i>x</i>", room(w, shell)), TAIL], note="millions of <i>x</i>")
    w.page("empty-elements", [HEAD, ARTICLE, fill("<b></b>", room(w, shell)), TAIL], note="millions of <b></b>")
    w.page("br-flood", [HEAD, "<div>", ARTICLE, fill("<br>", room(w, shell)), "</div>", TAIL], note="millions of <br>")
    w.page("br-runs", [HEAD, "<div>", ARTICLE, fill("word<br><br>", room(w, shell)), "</div>", TAIL], note="text<br><br> runs")
    w.page("divs-flat", [HEAD, ARTICLE, fill("<div>x</div>", room(w, shell)), TAIL], note="flat divs")
    w.page("loose-text-div", [HEAD, "<div>", fill("word <span>s</span> ", room(w, shell)), "</div>", ARTICLE, TAIL],
           note="one div of loose phrasing")
    # Comments, scripts, styles.
    w.page("huge-comment", [HEAD, ARTICLE, "<!--", fill("x", room(w, shell, "<!---->")), "-->", TAIL], note="one 15 MiB comment")
    w.page("many-comments", [HEAD, ARTICLE, fill("<!--c-->", room(w, shell)), TAIL], note="millions of comments")
    w.page("unclosed-comment", [HEAD, ARTICLE, "<!--", fill("x", room(w, shell, "<!--")), TAIL], article=False,
           note="a comment that never ends")
    w.page("huge-script", [HEAD, ARTICLE, "<script>", fill("var a=1;", room(w, shell, "<script></script>")), "</script>", TAIL],
           note="one 15 MiB script")
    w.page("many-scripts", [HEAD, ARTICLE, fill("<script>x()</script>", room(w, shell)), TAIL], note="many scripts")
    w.page("huge-style", [HEAD, ARTICLE, "<style>", fill("a{b:c}", room(w, shell, "<style></style>")), "</style>", TAIL],
           note="one 15 MiB style")
    w.page("unclosed-script", [HEAD, ARTICLE, "<script>", fill("var a=1;</scrip ", room(w, shell, "<script>")), TAIL],
           note="a script that never ends")
    ld_open = '<script type="application/ld+json">'
    k = (room(w, shell, ld_open, "</script>")) // 2
    w.page("jsonld-deep", [HEAD, ld_open, "[" * k, "]" * k, "</script>", ARTICLE, TAIL], note="JSON-LD nested 7M deep")
    big = '{"@context":"https://schema.org","@type":"NewsArticle","headline":"Harbour","articleBody":"'
    w.page("jsonld-huge", [HEAD, ld_open, big, fill("word ", room(w, shell, ld_open, big, '"}</script>')), '"}', "</script>",
                           ARTICLE, TAIL], note="one 15 MiB JSON-LD")
    w.page("jsonld-many", [HEAD, fill(ld_open + '{"@context":"https://schema.org","@type":"Thing"}</script>', room(w, shell)),
                           ARTICLE, TAIL], note="many JSON-LD scripts")
    # Attribute values and attribute-heavy elements.
    w.page("huge-attr-value", [HEAD, '<div class="', fill("x", room(w, shell, '<div class="">')), '">', ARTICLE, "</div>", TAIL],
           note="one 15 MiB class value")
    w.page("long-attrs-many", [HEAD, ARTICLE, fill('<span title="' + "t" * 1000 + '">s</span>', room(w, shell)), TAIL],
           note="many elements with 1 KB attributes")
    w.page("style-attrs", [HEAD, ARTICLE, fill('<div style="display : block ; color : red">x</div>', room(w, shell)), TAIL],
           note="style attributes everywhere")
    w.page("meta-flood", [HEAD.replace("</head>", ""),
                          fill('<meta property="og:title" content="Harbour breakwater">', room(w, shell)), "</head><body>",
                          ARTICLE, TAIL], note="millions of meta")
    # Text: entities and one huge node.
    w.page("entities-amp", [HEAD, ARTICLE, "<p>", fill("&amp;", room(w, shell, "<p></p>")), "</p>", TAIL], note="&amp; x 3M")
    w.page("entities-numeric", [HEAD, ARTICLE, "<p>", fill("&#x263A;", room(w, shell, "<p></p>")), "</p>", TAIL],
           note="numeric references")
    w.page("entities-named", [HEAD, ARTICLE, "<p>", fill("&eacute;&nbsp;", room(w, shell, "<p></p>")), "</p>", TAIL],
           note="named entities")
    w.page("huge-text", [HEAD, "<p>", fill("word ", room(w, shell, "<p></p>")), "</p>", ARTICLE, TAIL], note="one 15 MiB text node")
    w.page("huge-text-nospace", [HEAD, "<p>", fill("x", room(w, shell, "<p></p>")), "</p>", ARTICLE, TAIL],
           note="one 15 MiB word")
    w.page("huge-text-commas", [HEAD, "<p>", fill("a, ", room(w, shell, "<p></p>")), "</p>", ARTICLE, TAIL], note="commas")
    w.page("huge-title", ["<html><head><title>", fill("Harbour | ", room(w, shell)), "</title></head><body>", ARTICLE, TAIL],
           note="a 15 MiB title with separators")
    w.page("many-headings", [HEAD, ARTICLE, fill("<h2>Harbour breakwater to be rebuilt</h2>", room(w, shell)), TAIL],
           note="many headings")
    # Links.
    w.page("link-flood", [HEAD, ARTICLE, "<div>", fill('<a href="/story">Read more</a> ', room(w, shell)), "</div>", TAIL],
           note="one div of links")
    w.page("link-paragraphs", [HEAD, ARTICLE, fill('<p><a href="/x">Continue reading the story</a>, here.</p>', room(w, shell)),
                               TAIL], note="paragraphs of links")
    w.page("nested-div-p", [HEAD, fill("<div><p>A paragraph long enough to be scored by the finder, with commas, yes.</p>",
                                       room(w, shell) // 2), ARTICLE, TAIL], note="divs nested 1 per paragraph, unclosed")
    w.page("deep-div-with-text", [HEAD, fill("<div>Some words, here. ", room(w, shell)), ARTICLE, TAIL],
           note="unclosed divs each with text")
    w.page("class-soup", [HEAD, ARTICLE, fill('<div class="comment sidebar share social">x</div>', room(w, shell)), TAIL],
           note="boilerplate classes")
    w.page("tables-flat", [HEAD, ARTICLE, "<table>", fill("<tr><td>a</td><td>b, c</td></tr>", room(w, shell)), "</table>", TAIL],
           note="one table of many rows")
    k = (room(w, shell) - 2000) // len("</x>")
    w.page("stray-end-tags", [HEAD, "<div>" * 300, ARTICLE, "</x>" * k, TAIL],
           note="millions of end tags that close nothing, under a deep stack")
    k = (room(w, shell) - 2000) // len("</p>")
    w.page("stray-end-p", [HEAD, "<div>" * 300, ARTICLE, "</p>" * k, TAIL], note="millions of </p> that close nothing")
    unit = "<div>" * 250 + "<p>A paragraph, with commas, words.</p>" + "</div>" * 250
    w.page("deep-subtrees", [HEAD, ARTICLE, fill(unit, room(w, shell)), TAIL], note="subtrees 250 deep, side by side")
    w.page("img-flood", [HEAD, ARTICLE, "<div>", fill('<img src="/a.png" alt="x">', room(w, shell, "<div></div>")), "</div>", TAIL],
           note="one div of images")
    w.page("list-flood", [HEAD, ARTICLE, fill("<ul>" + "<li><a href=/x>item</a></li>" * 50 + "</ul>", room(w, shell)), TAIL],
           note="lists of links")
    w.page("base-flood", [HEAD, fill('<base href="http://example.com/">', room(w, shell)), ARTICLE, TAIL], note="many <base>")
    w.page("font-flood", [HEAD, ARTICLE, fill("<font>x</font>", room(w, shell)), TAIL], note="many <font>")
    w.page("noscript-flood", [HEAD, ARTICLE, fill("<noscript>x</noscript>", room(w, shell)), TAIL], note="many <noscript>")
    w.page("binary-junk", [bytes((i * 7919) % 256 for i in range(w.size - 4096))], article=False, note="random bytes")
    w.page("nul-bytes", [HEAD, ARTICLE, b"\x00" * room(w, shell), TAIL], note="NUL bytes")


def feeds(w):
    rss_head = '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Coast News</title><link>http://example.com/</link>'
    rss_tail = "</channel></rss>"
    item = "<item><title>Breakwater</title><link>http://example.com/a</link><pubDate>Tue, 03 Dec 2024 10:00:00 GMT</pubDate></item>"
    w.feed("feed-many-items", [rss_head, fill(item, room(w, rss_head, rss_tail)), rss_tail], note="~130k items")
    small = "<item><title>t</title></item>"
    w.feed("feed-tiny-items", [rss_head, fill(small, room(w, rss_head, rss_tail)), rss_tail], note="~500k tiny items")
    k = room(w, rss_head, rss_tail, item) // len("<w></w>")
    w.feed("feed-deep-wrappers", [rss_head, "<w>" * k, item, "</w>" * k, rss_tail], note=f"{k} nested wrappers")
    k = room(w, rss_head, rss_tail, item) // len("<item>")
    w.feed("feed-nested-items", [rss_head, "<item><title>x</title>" * (k // 4), rss_tail], note="items nested, never closed")
    k = room(w, rss_head, rss_tail, item) // len("<w>")
    w.feed("feed-deep-unclosed", [rss_head, item, "<w>" * k], note="wrappers never closed")
    w.feed("feed-1m-attrs", [rss_head, "<item ", "".join(f"a{i}=\"x\" " for i in range(1_000_000)), "><title>x</title></item>",
                             rss_tail], note="an item with 1M attributes")
    n = 0
    parts = []
    size = 0
    budget = room(w, rss_head, rss_tail, item)
    while size < budget:
        s = f"a{n}=\"x\" "
        parts.append(s)
        size += len(s)
        n += 1
    w.feed("feed-attrs-max", [rss_head, "<item ", "".join(parts), "><title>x</title></item>", rss_tail],
           note=f"an item with {n} attributes")
    w.feed("feed-huge-cdata", [rss_head, "<item><title>x</title><description><![CDATA[",
                               fill("<p>word</p>", room(w, rss_head, rss_tail, item)), "]]></description></item>", rss_tail],
           note="one 15 MiB CDATA")
    w.feed("feed-huge-text", [rss_head, "<item><title>", fill("word ", room(w, rss_head, rss_tail, item)), "</title></item>", rss_tail],
           note="a 15 MiB title")
    w.feed("feed-huge-date", [rss_head, "<item><title>x</title><pubDate>", fill("1 ", room(w, rss_head, rss_tail, item)),
                              "</pubDate></item>", rss_tail], note="a 15 MiB date")
    w.feed("feed-entities-amp", [rss_head, "<item><title>x</title><description>", fill("&amp;", room(w, rss_head, rss_tail, item)),
                                 "</description></item>", rss_tail], note="&amp; x 3M")
    w.feed("feed-entities-html", [rss_head, "<item><title>x</title><description>", fill("&eacute;", room(w, rss_head, rss_tail, item)),
                                  "</description></item>", rss_tail], note="HTML entities (repair pass)")
    lol = ('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY lol "lol">'
           + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
           + ']><rss version="2.0"><channel><title>x</title>')
    w.feed("feed-billion-laughs", [lol, fill("<item><title>&lol9;</title></item>", room(w, lol, rss_tail)), rss_tail],
           note="entity bomb, referenced in every item")
    ent = '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY e "' + "x" * 1000 + '">]><rss version="2.0"><channel><title>x</title>'
    w.feed("feed-entity-refs", [ent, "<item><title>x</title><description>", fill("&e;", room(w, ent, rss_tail)),
                                "</description></item>", rss_tail], note="millions of references to a 1 KB entity")
    w.feed("feed-many-authors", [rss_head, "<item><title>x</title>",
                                 "".join(f"<author>a{i}@example.com (Writer {i})</author>" for i in range(200_000)),
                                 "</item>", rss_tail], note="200k distinct authors in one item")
    w.feed("feed-many-categories", [rss_head, "<item><title>x</title>", fill("<category>c</category>", room(w, rss_head, rss_tail)),
                                    "</item>", rss_tail], note="categories")
    atom_head = '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>x</title>'
    crowded = "<item><title>t</title>" + "".join(f"<author>w{i}@example.com (Writer {i})</author>" for i in range(70)) + "</item>"
    w.feed("feed-authors-per-item", [rss_head, fill(crowded, room(w, rss_head, rss_tail)), rss_tail],
           note="thousands of items, each over the per-entry author cap")
    tagged = "<item><title>t</title>" + "".join(f"<category>c{i}</category>" for i in range(300)) + "</item>"
    w.feed("feed-categories-per-item", [rss_head, fill(tagged, room(w, rss_head, rss_tail)), rss_tail],
           note="thousands of items, each over the per-entry category cap")
    w.feed("atom-many-authors", [atom_head, "".join(f"<author><name>Writer {i}</name></author>" for i in range(200_000)), "</feed>"],
           note="200k feed authors")
    w.feed("atom-xhtml-deep", [atom_head, '<entry><title>x</title><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">',
                               "<div>" * 250, fill("<b>x</b>", room(w, atom_head, "</feed>") - 3000), "</div>" * 250,
                               "</div></content></entry></feed>"], note="xhtml content, 250 deep, many children")
    w.feed("atom-xhtml-wide", [atom_head, '<entry><title>x</title><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">',
                               "<div>" * 180, fill('<b class="c">x</b>', room(w, atom_head, "</feed>") - 3000), "</div>" * 180,
                               "</div></content></entry></feed>"], note="xhtml content, 180 deep (under the cap), many children")
    dated = "".join(
        f"<item><title>t</title><pubDate>{1 + (i * 7) % 28:02d} {('Jan', 'Mar', 'Jun', 'Oct')[i % 4]} {1990 + (i * 37) % 35} "
        f"{(i * 13) % 24:02d}:{(i * 29) % 60:02d}:00 GMT</pubDate></item>" for i in range(4000))
    w.feed("feed-dated-items", [rss_head, fill(dated, room(w, rss_head, rss_tail)), rss_tail],
           note="~230k items with scattered dates (the newest-entries cap ranks them)")
    wrap = 150
    deep_item = "<item><title>t</title>" + "<w>" * wrap + "x" + "</w>" * wrap + "</item>"
    w.feed("feed-deep-each-item", [rss_head, fill(deep_item, room(w, rss_head, rss_tail)), rss_tail],
           note=f"every item {wrap} deep (under the cap)")
    w.feed("atom-xhtml-nested", [atom_head, '<entry><title>x</title><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">',
                                 "<span>" * (room(w, atom_head) // 14), "x", "</span>" * (room(w, atom_head) // 14),
                                 "</div></content></entry></feed>"], note="xhtml content nested deep")
    w.feed("feed-mismatched", [rss_head, "<item><title>x</title>", "<a><b>" * 100, fill("</c>", room(w, rss_head, rss_tail) - 2000),
                               "</item>", rss_tail], note="millions of stray end tags under open elements")
    w.feed("feed-unclosed-items", [rss_head, fill("<item><title>x", room(w, rss_head, rss_tail)), rss_tail],
           note="items never closed (repair pass)")
    w.feed("feed-controls", [rss_head, "<item><title>x</title><description>", fill("a\x01", room(w, rss_head, rss_tail)),
                             "</description></item>", rss_tail], note="control characters (repair pass)")
    w.feed("feed-bare-lt", [rss_head, "<item><title>x</title><description>", fill("2 < 3 ", room(w, rss_head, rss_tail)),
                            "</description></item>", rss_tail], note="bare < (repair pass)")
    w.feed("feed-namespaces", [rss_head, "<item ", "".join(f'xmlns:n{i}="urn:{i}" ' for i in range(300_000)), "><title>x</title></item>",
                               rss_tail], note="300k namespace declarations")
    # JSON Feed.
    jhead = '{"version":"https://jsonfeed.org/version/1.1","title":"Coast News","items":'
    k = room(w, jhead, "}") // 2
    w.feed("json-deep", [jhead, "[" * k, "]" * k, "}"], ext="json", note=f"items nested {k} deep")
    k = room(w, jhead) // 6
    w.feed("json-deep-objects", ['{"a":' * k, "1", "}" * k], ext="json", note="objects nested deep")
    jitem = '{"id":"1","url":"http://example.com/a","title":"Breakwater","content_text":"x","date_published":"2024-12-03T10:00:00Z"},'
    body = fill(jitem, room(w, jhead, "[]}"))
    w.feed("json-many-items", [jhead, "[", body[:-1], "]}"], ext="json", note="~150k items")
    w.feed("json-huge-array", [jhead, "[", fill("1,", room(w, jhead, "[]}")), "1]}"], ext="json", note="7M numbers")
    w.feed("json-long-string", [jhead, '[{"id":"1","content_html":"', fill("word ", room(w, jhead, '[{"id":"1","content_html":""}]}')),
                                '"}]}'], ext="json", note="one 15 MiB string")
    w.feed("json-escapes", [jhead, '[{"id":"1","content_text":"', fill("\\u00e9\\n", room(w, jhead, '[{"id":"1","content_text":""}]}')),
                            '"}]}'], ext="json", note="escape flood")
    w.feed("json-many-tags", [jhead, '[{"id":"1","tags":[', fill('"t",', room(w, jhead, '[{"id":"1","tags":[]}]}')), '"t"]}]}'],
           ext="json", note="millions of tags")
    w.feed("json-many-authors", [jhead, '[{"id":"1","authors":[', fill('{"name":"W"},', room(w, jhead, '[{"id":"1","authors":[]}]}')),
                                 '{"name":"W"}]}]}'], ext="json", note="millions of authors")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=".build-hostile/shapes")
    parser.add_argument("--size-mib", type=float, default=15)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    w = Writer(args.out, int(args.size_mib * MIB))
    pages(w)
    feeds(w)
    with open(os.path.join(args.out, "manifest.json"), "w") as f:
        json.dump(w.manifest, f, indent=1)
    print(f"{len(w.manifest)} shapes in {args.out}")


if __name__ == "__main__":
    main()
