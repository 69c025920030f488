from django import forms
from django.core.validators import URLValidator

from masthead.comments.models import Comment
from masthead.comments.text import clean_input

MAX_TEXT = 5_000  # a long letter to the editor; longer is an essay, or spam


class CommentForm(forms.Form):
    name = forms.CharField(max_length=80)
    email = forms.EmailField(max_length=254, help_text="Never published.")
    website = forms.URLField(
        required=False,
        max_length=200,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
        error_messages={"invalid": "Enter a web address starting http:// or https://."},
    )
    text = forms.CharField(label="Comment", max_length=MAX_TEXT, widget=forms.Textarea)
    parent = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=2**63 - 1,
        widget=forms.HiddenInput,
        error_messages=dict.fromkeys(
            ("invalid", "min_value", "max_value"),
            "The comment you are replying to is not available.",
        ),
    )
    token = forms.CharField(widget=forms.HiddenInput)
    # A honeypot: hidden from people (and from screen readers), filled by bots.
    homepage = forms.CharField(required=False, label="Leave this empty")

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            data = data.copy()
            for key in list(data.keys()):
                data.setlist(key, [clean_input(v) for v in data.getlist(key)])
        super().__init__(data, *args, **kwargs)
        self.fields["text"].widget.attrs.update(rows=6, maxlength=MAX_TEXT)
        self.fields["name"].widget.attrs.update(autocomplete="name")
        self.fields["email"].widget.attrs.update(autocomplete="email")
        self.fields["website"].widget.attrs.update(autocomplete="url")
        self.fields["homepage"].widget.attrs.update(tabindex="-1", autocomplete="off")

    def full_clean(self) -> None:
        super().full_clean()
        # Screen readers announce the error with the field it belongs to.
        for name in self.errors:
            field = self.fields.get(name)
            if field is not None:
                ids = [f"id_{name}-error"]
                if field.help_text:
                    ids.append(f"id_{name}_helptext")
                field.widget.attrs["aria-describedby"] = " ".join(ids)

    def clean_text(self) -> str:
        text = self.cleaned_data["text"]
        if not text.strip():
            raise forms.ValidationError("Write something before posting.")
        return text

    def clean_parent(self):
        return self.cleaned_data.get("parent") or None

    def parent_for(self, article, max_depth: int) -> Comment | None:
        """The published comment this one replies to, checked for depth."""
        parent_id = self.cleaned_data.get("parent")
        if not parent_id:
            return None
        parent = Comment.objects.published().on(article).filter(pk=parent_id).first()
        if parent is None:
            self.add_error(None, "The comment you are replying to is not available.")
        elif parent.depth >= max_depth:
            self.add_error(None, "Replies cannot nest any deeper here.")
            parent = None
        return parent
