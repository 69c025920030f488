from wagtail import hooks

from masthead.cache import context
from masthead.cache.tags import tags_for_page


@hooks.register("before_serve_page")
def note_page_tags(page, request, serve_args, serve_kwargs):
    from masthead.articles.models import ArticlePage

    if not isinstance(page, ArticlePage):  # a story notes its own in get_context
        context.note_tags(*tags_for_page(page))
