"""Moving house from WordPress: `masthead import-wordpress EXPORT.xml`.

Reads a WordPress export (WXR) as a stream, turns its posts, authors,
categories, tags, images and comments into Masthead's own, remembers which
WordPress id became which object (so a second run updates), and leaves a
permanent redirect behind every old address. See docs/wordpress-import.md.
"""
