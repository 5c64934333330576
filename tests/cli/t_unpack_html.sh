#!/bin/bash
# winnow unpack --html=main|text|raw on pages (plain input, WARC response
# with an HTTP charset, tar entries) and RSS/Atom feeds, broken ones too.
. "$(dirname "$0")/lib.sh"

python3 - "$T" <<'PY'
import sys, tarfile, io
t = sys.argv[1]
paras = ''.join('<p>Paragraph %d of the article, with commas, clauses, and enough words to count.</p>' % i for i in range(6))
page = ('<!DOCTYPE html><html lang="en"><head><title>Page title</title>'
        '<meta property="article:published_time" content="2019-11-19T13:03:00+01:00"></head>'
        '<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>'
        '<article><h1>Headline</h1><div class="article-body">' + paras +
        '<div class="share"><a href="/fb">Share on Facebook</a></div></div></article>'
        '<footer>Copyright notice</footer></body></html>')
open(t + '/page.html', 'w').write(page)
w1252 = ('<html><body><article><p>Caf\xe9 \u201cquoted\u201d text, with commas, long enough to be the body of it.</p>'
         '</article></body></html>').encode('cp1252')
http = b'HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=windows-1252\r\n\r\n' + w1252
def rec(body):
    h = [b'WARC/1.0', b'WARC-Type: response', b'WARC-Record-ID: <urn:uuid:r1>',
         b'WARC-Date: 2024-01-02T03:04:05Z', b'WARC-Target-URI: http://example.org/p',
         b'Content-Length: %d' % len(body)]
    return b'\r\n'.join(h) + b'\r\n\r\n' + body + b'\r\n\r\n'
open(t + '/p.warc', 'wb').write(rec(http))
sjis = '<html><head><meta charset="shift_jis"></head><body><p>日本語のテキスト、です。</p></body></html>'.encode('cp932')
with tarfile.open(t + '/pages.tar', 'w') as tf:
    for name, data in [('a.html', page.encode()), ('b.htm', sjis), ('c.txt', b'<p>not html by name</p>')]:
        ti = tarfile.TarInfo(name); ti.size = len(data); tf.addfile(ti, io.BytesIO(data))
open(t + '/feed.xml', 'w').write(
    '<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>c</title>'
    '<item><title>One</title><link>http://x/1</link><guid>g1</guid><pubDate>Tue, 19 Nov 2019 13:03:00 GMT</pubDate>'
    '<content:encoded><![CDATA[<p>First item text &amp; more.</p>]]></content:encoded></item>'
    '<item><title>AT&T &mdash; two</title><link>http://x/2</link><description>broken <b>markup</description></item>'
    '<item><title>Three</title><link>http://x/3</link><description>&lt;p&gt;Third&amp;nbsp;item&lt;/p&gt;</description></item>'
    '</channel></rss>')
open(t + '/atom.xml', 'w').write(
    '<feed xmlns="http://www.w3.org/2005/Atom"><title>f</title>'
    '<entry><id>urn:1</id><title>E1</title><link href="http://x/e1"/><updated>2019-11-19T13:03:00Z</updated>'
    '<content type="html">&lt;p&gt;Entry one&lt;/p&gt;</content></entry>'
    '<entry><id>urn:2</id><title>E2</title><content type="html">&lt;p&gt;cut')
PY

CASE="page main"
run unpack "$T/page.html"
expect_rc 0; expect_lines 1; expect_valid_jsonl
text=$(jfield 1 text)
case $text in "Paragraph 0 of the article"*"Paragraph 5 of the article"*) ;; *) fail "main text: $text" ;; esac
case $text in *Home*|*Headline*|*Facebook*|*Copyright*) fail "boilerplate in main: $text" ;; esac
[ "$(jfield 1 title)" = "Page title" ] || fail "title: $(jfield 1 title)"
[ "$(jfield 1 date)" = "2019-11-19T12:03:00Z" ] || fail "date: $(jfield 1 date)"
[ "$(jfield 1 lang)" = "en" ] || fail "lang: $(jfield 1 lang)"

CASE="page text"
run unpack --html=text "$T/page.html"
expect_rc 0
text=$(jfield 1 text)
case $text in Home*News*Headline*"Paragraph 0"*Facebook*Copyright*) ;; *) fail "text mode: $text" ;; esac

CASE="page raw"
runin "$T/page.html" unpack --html=raw
expect_rc 0
[ "$(jfield 1 text)" = "$(cat "$T/page.html")" ] || fail "raw mode changed the page"

CASE="bad mode"
run unpack --html=all "$T/page.html"
expect_rc 2
expect_err "not main, text or raw"

CASE="warc response, charset from HTTP"
run unpack "$T/p.warc"
expect_rc 0; expect_lines 1
case $(jfield 1 text) in "Café “quoted” text"*) ;; *) fail "warc html: $(jfield 1 text)" ;; esac
[ "$(jfield 1 url)" = "http://example.org/p" ] || fail "warc url"

CASE="tar entries"
run unpack "$T/pages.tar"
expect_rc 0; expect_lines 3; expect_valid_jsonl
case $(jfield 1 text) in "Paragraph 0"*) ;; *) fail "a.html: $(jfield 1 text)" ;; esac
[ "$(jfield 2 text)" = "日本語のテキスト、です。" ] || fail "shift_jis .htm: $(jfield 2 text)"
[ "$(jfield 3 text)" = "<p>not html by name</p>" ] || fail "c.txt: $(jfield 3 text)"

CASE="rss with a broken item in the middle"
run unpack -v "$T/feed.xml"
expect_rc 1; expect_lines 3; expect_valid_jsonl
expect_err "damaged feed: [0-9]+ XML errors?, first at line 1"
[ "$(jfield 1 id)" = "g1" ] || fail "id: $(jfield 1 id)"
[ "$(jfield 1 date)" = "2019-11-19T13:03:00Z" ] || fail "pubDate: $(jfield 1 date)"
[ "$(jfield 1 text)" = "First item text & more." ] || fail "item 1: $(jfield 1 text)"
[ "$(jfield 2 title)" = "AT&T — two" ] || fail "item 2 title: $(jfield 2 title)"
[ "$(jfield 3 text)" = "Third item" ] || fail "item 3: $(jfield 3 text)"
[ "$(jfield 3 url)" = "http://x/3" ] || fail "item 3 url"

CASE="a page that mentions <rss is still a page"
printf '<html><head><script>var s = "<rss version>";</script></head><body><p>Just a page about feeds.</p></body></html>' >"$T/notfeed.html"
run unpack "$T/notfeed.html"
expect_rc 0; expect_lines 1
[ "$(jfield 1 text)" = "Just a page about feeds." ] || fail "not a feed: $(jfield 1 text)"

CASE="atom cut off"
run unpack -v "$T/atom.xml"
expect_rc 1; expect_lines 1
expect_err "last item cut off"
expect_err "dropped: feed item cut off 1"
[ "$(jfield 1 text)" = "Entry one" ] || fail "entry: $(jfield 1 text)"
[ "$(jfield 1 url)" = "http://x/e1" ] || fail "entry url"
finish
