"""How fast `masthead import-wordpress` is, and whether its memory stays flat.

    python bench/wordpress_import.py [--posts 5000 20000] [--comments 6] [--seed 1]
                                     [--workdir DIR] [--keep] [--postgres URL]

For each size, writes a WordPress export (WXR 1.2, block-editor markup) of that
many posts with comments (threaded, some pending, trashed or pingbacks), nested
categories, tags, 20 authors, and a featured and an inline image on every tenth
post (tiny generated JPEGs in a media folder); then imports it with
`masthead manage import_wordpress` into a fresh SQLite data folder, or a
scratch PostgreSQL database with --postgres (the database is migrated first,
outside the measurement), and prints posts per
second, comments, the import's own time split (writing, related stories) and
the peak memory (max RSS) of the import process. The text is the demo's
generated news copy (masthead.demo.textgen). Not a unit test: the numbers
depend on the machine.
"""

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

SITE = "https://bench.example"
STATUSES = [
    ("publish", 90),
    ("draft", 4),
    ("pending", 2),
    ("future", 2),
    ("private", 1),
    ("trash", 1),
]


def cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def gutenberg(blocks: list[dict]) -> str:
    parts = []
    for block in blocks:
        kind, value = block["type"], block["value"]
        if kind == "paragraph":
            parts.append(f"<!-- wp:paragraph -->\n{value}\n<!-- /wp:paragraph -->")
        elif kind == "subheading":
            parts.append(
                f'<!-- wp:heading -->\n<h2 class="wp-block-heading">{value}</h2>\n'
                "<!-- /wp:heading -->"
            )
        elif kind == "pull_quote":
            parts.append(
                '<!-- wp:pullquote -->\n<figure class="wp-block-pullquote"><blockquote>'
                f"<p>{value['quote']}</p><cite>{value['attribution']}</cite></blockquote>"
                "</figure>\n<!-- /wp:pullquote -->"
            )
    return "\n\n".join(parts)


def write_export(path: Path, media: Path, posts: int, comments: int, seed: int) -> None:
    """A WXR 1.2 file as WordPress writes it, streamed to disk."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.config.settings")
    from PIL import Image

    from masthead.demo import vocabulary
    from masthead.demo.textgen import NewsWriter

    rng = random.Random(seed)
    writer = NewsWriter(seed)
    sections = list(vocabulary.SECTIONS)
    sub_categories = {s: [f"{s}-{n}" for n in ("desk", "analysis")] for s in sections}
    authors = []
    for n in range(20):
        person, _role, _bio = writer.author()
        authors.append((n + 2, f"author{n}", person.first, person.last))
    start = datetime(2015, 1, 1, tzinfo=UTC)
    step = timedelta(days=3650) / posts
    next_id = 10
    comment_id = 1
    remarks = [writer.story(s, 20, 40).standfirst for s in sections for _ in range(40)]
    with path.open("w", encoding="utf-8") as out:
        w = out.write
        w('<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0"\n')
        w('\txmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"\n')
        w('\txmlns:content="http://purl.org/rss/1.0/modules/content/"\n')
        w('\txmlns:wfw="http://wellformedweb.org/CommentAPI/"\n')
        w('\txmlns:dc="http://purl.org/dc/elements/1.1/"\n')
        w('\txmlns:wp="http://wordpress.org/export/1.2/"\n>\n<channel>\n')
        w(f"\t<title>Bench Daily</title>\n\t<link>{SITE}</link>\n")
        w("\t<wp:wxr_version>1.2</wp:wxr_version>\n")
        w(f"\t<wp:base_site_url>{SITE}</wp:base_site_url>\n")
        w(f"\t<wp:base_blog_url>{SITE}</wp:base_blog_url>\n")
        for author_id, login, first, last in authors:
            w(
                f"\t<wp:author><wp:author_id>{author_id}</wp:author_id>"
                f"<wp:author_login>{cdata(login)}</wp:author_login>"
                f"<wp:author_email>{cdata(login + '@bench.example')}</wp:author_email>"
                f"<wp:author_display_name>{cdata(first + ' ' + last)}"
                f"</wp:author_display_name><wp:author_first_name>{cdata(first)}"
                f"</wp:author_first_name><wp:author_last_name>{cdata(last)}"
                "</wp:author_last_name></wp:author>\n"
            )
        term = 1
        for section in sections:
            w(
                f"\t<wp:category><wp:term_id>{term}</wp:term_id><wp:category_nicename>"
                f"{section}</wp:category_nicename><wp:category_parent></wp:category_parent>"
                f"<wp:cat_name>{cdata(vocabulary.SECTION_TITLES[section])}</wp:cat_name>"
                "</wp:category>\n"
            )
            term += 1
            for child in sub_categories[section]:
                w(
                    f"\t<wp:category><wp:term_id>{term}</wp:term_id><wp:category_nicename>"
                    f"{child}</wp:category_nicename><wp:category_parent>{section}"
                    f"</wp:category_parent><wp:cat_name>{cdata(child.title())}"
                    "</wp:cat_name></wp:category>\n"
                )
                term += 1

        for n in range(posts):
            section = sections[n % len(sections)]
            story = writer.story(section, min_words=300, max_words=700)
            post_id = next_id
            next_id += 1
            when = start + step * n
            status = rng.choices([s for s, _w in STATUSES], [w for _s, w in STATUSES])[
                0
            ]
            if status == "future":
                when = datetime(2031, 1, 1, tzinfo=UTC) + step * n
            slug = re.sub(r"[^a-z0-9]+", "-", story.headline.lower()).strip("-")[:180]
            slug = f"{slug}-{post_id}"
            link = (
                f"{SITE}/{when:%Y/%m/%d}/{slug}/"
                if status in ("publish", "private")
                else f"{SITE}/?p={post_id}"
            )
            content = gutenberg(story.blocks)
            meta = [("post_views_count", str(rng.randint(0, 50_000)))]
            attachment = None
            if n % 10 == 0:
                attachment = (next_id, f"{when:%Y/%m}/photo-{post_id}.jpg")
                next_id += 1
                file = media / attachment[1]
                file.parent.mkdir(parents=True, exist_ok=True)
                colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
                Image.new("RGB", (48, 32), colour).save(file, "JPEG")
                meta.append(("_thumbnail_id", str(attachment[0])))
                src = f"{SITE}/wp-content/uploads/{attachment[1]}"
                number = attachment[0]
                content = (
                    f'<!-- wp:image {{"id":{number}}} -->\n<figure class="wp-block-'
                    f'image"><img src="{src}" alt="A picture" class="wp-image-'
                    f'{number}"/><figcaption class="wp-element-caption">The '
                    "scene.</figcaption></figure>\n<!-- /wp:image -->\n\n" + content
                )
            author = rng.choice(authors)[1]
            categories = [
                rng.choice([section, *sub_categories[section]]),
            ]
            w("\t<item>\n")
            w(f"\t\t<title>{cdata(story.headline)}</title>\n\t\t<link>{link}</link>\n")
            w(f"\t\t<dc:creator>{cdata(author)}</dc:creator>\n")
            w(f"\t\t<content:encoded>{cdata(content)}</content:encoded>\n")
            w(f"\t\t<excerpt:encoded>{cdata(story.standfirst)}</excerpt:encoded>\n")
            stamp = f"{when:%Y-%m-%d %H:%M:%S}"
            w(f"\t\t<wp:post_id>{post_id}</wp:post_id>\n")
            w(f"\t\t<wp:post_date>{cdata(stamp)}</wp:post_date>\n")
            w(f"\t\t<wp:post_date_gmt>{cdata(stamp)}</wp:post_date_gmt>\n")
            w(f"\t\t<wp:post_modified_gmt>{cdata(stamp)}</wp:post_modified_gmt>\n")
            w("\t\t<wp:comment_status><![CDATA[open]]></wp:comment_status>\n")
            w(f"\t\t<wp:post_name>{cdata(slug)}</wp:post_name>\n")
            w(f"\t\t<wp:status>{cdata(status)}</wp:status>\n")
            w("\t\t<wp:post_type><![CDATA[post]]></wp:post_type>\n")
            for category in categories:
                w(
                    f'\t\t<category domain="category" nicename="{category}">'
                    f"{cdata(category)}</category>\n"
                )
            for tag in story.tags:
                tag_slug = re.sub(r"[^a-z0-9]+", "-", tag.lower()).strip("-")
                w(
                    f'\t\t<category domain="post_tag" nicename="{tag_slug}">'
                    f"{cdata(tag)}</category>\n"
                )
            for key, value in meta:
                w(
                    f"\t\t<wp:postmeta><wp:meta_key>{cdata(key)}</wp:meta_key>"
                    f"<wp:meta_value>{cdata(value)}</wp:meta_value></wp:postmeta>\n"
                )
            ids: list[int] = []
            for c in range(rng.randint(0, 2 * comments)):
                parent = rng.choice(ids) if ids and rng.random() < 0.3 else 0
                roll = rng.random()
                approved, kind = "1", "comment"
                if roll < 0.10:
                    approved = "0"
                elif roll < 0.13:
                    approved = "trash"
                elif roll < 0.15:
                    kind = "pingback"
                person = writer.person(section)
                said = (when + timedelta(hours=1 + c)).strftime("%Y-%m-%d %H:%M:%S")
                w(
                    f"\t\t<wp:comment><wp:comment_id>{comment_id}</wp:comment_id>"
                    f"<wp:comment_author>{cdata(person.name)}</wp:comment_author>"
                    f"<wp:comment_author_email>{cdata(f'reader{comment_id}@example.org')}"
                    "</wp:comment_author_email><wp:comment_author_url></wp:comment_author_url>"
                    f"<wp:comment_author_IP>{cdata('203.0.113.' + str(c % 250 + 1))}"
                    f"</wp:comment_author_IP><wp:comment_date_gmt>{cdata(said)}"
                    f"</wp:comment_date_gmt><wp:comment_content>"
                    f"{cdata(rng.choice(remarks))}"
                    f"</wp:comment_content><wp:comment_approved>{cdata(approved)}"
                    f"</wp:comment_approved><wp:comment_type>{cdata(kind)}"
                    f"</wp:comment_type><wp:comment_parent>{parent}</wp:comment_parent>"
                    "</wp:comment>\n"
                )
                ids.append(comment_id)
                comment_id += 1
            w("\t</item>\n")
            if attachment is not None:
                attachment_id, relative = attachment
                w("\t<item>\n")
                w(f"\t\t<title>{cdata('Photo ' + str(post_id))}</title>\n")
                w(f"\t\t<link>{link}photo-{post_id}/</link>\n")
                w(f"\t\t<wp:post_id>{attachment_id}</wp:post_id>\n")
                w("\t\t<wp:status><![CDATA[inherit]]></wp:status>\n")
                w(f"\t\t<wp:post_parent>{post_id}</wp:post_parent>\n")
                w("\t\t<wp:post_type><![CDATA[attachment]]></wp:post_type>\n")
                w(
                    f"\t\t<wp:attachment_url>{SITE}/wp-content/uploads/{relative}"
                    "</wp:attachment_url>\n"
                )
                w(
                    "\t\t<wp:postmeta><wp:meta_key>_wp_attached_file</wp:meta_key>"
                    f"<wp:meta_value>{cdata(relative)}</wp:meta_value></wp:postmeta>\n"
                )
                w("\t</item>\n")
        w("</channel>\n</rss>\n")


def run(command: list[str], env: dict) -> tuple[float, float, int, str]:
    """Wall time, CPU time, peak RSS (bytes) and stdout of one child process."""
    started = time.perf_counter()
    child = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    output = child.stdout.read()
    _pid, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{output}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, output


def postgres_database(server: str, name: str, *, create: bool) -> str:
    """Drop the scratch database, make it again if `create`; its URL."""
    import psycopg

    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if create:
            connection.execute(f'CREATE DATABASE "{name}"')
    return server.rsplit("/", 1)[0] + f"/{name}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, nargs="+", default=[5000, 20000])
    parser.add_argument("--comments", type=int, default=6, help="per post, on average")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--workdir", type=Path, default=Path(tempfile.gettempdir()) / "mh-bench-wp"
    )
    parser.add_argument("--keep", action="store_true", help="keep exports and data")
    parser.add_argument(
        "--postgres",
        metavar="URL",
        help="import into PostgreSQL instead: a server URL whose user may create "
        "databases (e.g. postgres://postgres@127.0.0.1:5432/postgres); a scratch "
        "database masthead_bench_wp_N is made for each size and dropped after",
    )
    args = parser.parse_args()

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    rows = []
    for posts in args.posts:
        work = args.workdir / f"{posts}"
        shutil.rmtree(work, ignore_errors=True)
        (work / "media").mkdir(parents=True)
        export = work / "export.xml"
        started = time.perf_counter()
        write_export(export, work / "media", posts, args.comments, args.seed)
        written = time.perf_counter() - started
        env = {**os.environ, "MASTHEAD_DATA": str(work / "data")}
        env.pop("DATABASE_URL", None)
        scratch = f"masthead_bench_wp_{posts}"
        if args.postgres:
            env["DATABASE_URL"] = postgres_database(args.postgres, scratch, create=True)
        manage = [sys.executable, "-m", "masthead", "manage"]
        run([*manage, "migrate", "--verbosity=0"], env)
        elapsed, cpu, peak, output = run(
            [*manage, "import_wordpress", str(export), f"--media-dir={work / 'media'}"],
            env,
        )
        title = output.splitlines()[0]
        import_seconds = float(re.search(r" in ([\d.]+)s", title).group(1))
        related = re.search(
            r"Related stories computed for [\d,]+ live stories in ([\d.]+)s", output
        )
        related_seconds = float(related.group(1)) if related else 0.0
        posts_line = re.search(r"posts → articles\s+([\d,]+)", output)
        comments_line = re.search(r"comments\s+([\d,]+)", output)
        imported = int(posts_line.group(1).replace(",", ""))
        comments = int(comments_line.group(1).replace(",", ""))
        writing = import_seconds - related_seconds
        rows.append(
            {
                "posts": posts,
                "file": export.stat().st_size,
                "imported": imported,
                "comments": comments,
                "writing": writing,
                "related": related_seconds,
                "wall": elapsed,
                "cpu": cpu,
                "peak": peak,
            }
        )
        print(f"\n{posts:,} posts: export written in {written:.0f}s; the import said:")
        print(output)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
            if args.postgres:
                postgres_database(args.postgres, scratch, create=False)

    print(
        "posts   export   articles  comments  posts/s  writing  related   wall"
        "     CPU  peak RSS"
    )
    for row in rows:
        print(
            f"{row['posts']:>6,} {row['file'] / 2**20:>6.1f} MB {row['imported']:>8,} "
            f"{row['comments']:>9,} {row['imported'] / row['writing']:>8.1f} "
            f"{row['writing']:>7.0f}s {row['related']:>7.0f}s {row['wall']:>6.0f}s "
            f"{row['cpu']:>6.0f}s {row['peak'] / 2**20:>6.0f} MB"
        )


if __name__ == "__main__":
    main()
